import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { sampleAnomaly } from './anomaly-fixture.ts';
import { emailChannel } from './email-channel.ts';

interface Received {
  from: string;
  to: string[];
  user: string | undefined;
  raw: string;
}

async function startSmtp(): Promise<{
  port: number;
  received: Received[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    onAuth(auth, _session, cb) {
      if (auth.username === 'costlens' && auth.password === 'pw') cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.server.unref();
  const { port } = server.server.address() as AddressInfo;
  return { port, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('email channel', () => {
  it('delivers an alert over SMTP with authentication, text and HTML parts', async () => {
    const smtp = await startSmtp();
    await emailChannel({
      id: 'mail',
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      user: 'costlens',
      pass: 'pw',
      from: 'costlens@example.com',
      to: ['finops@example.com', 'ml@example.com'],
    }).send({ kind: 'alert', anomaly: sampleAnomaly() });
    const [m] = smtp.received;
    assert.equal(m!.from, 'costlens@example.com');
    assert.deepEqual(m!.to, ['finops@example.com', 'ml@example.com']);
    assert.equal(m!.user, 'costlens');
    assert.match(m!.raw, /^Subject: .*HIGH/m);
    assert.match(m!.raw, /Content-Type: text\/plain/);
    assert.match(m!.raw, /Content-Type: text\/html/);
    assert.match(m!.raw.replace(/=\r?\n/g, ''), /costlens anomalies show anom_test1/);
    await smtp.close();
  });

  it('reports a refused login as a delivery error naming the channel', async () => {
    const smtp = await startSmtp();
    await assert.rejects(
      emailChannel({
        id: 'mail',
        host: '127.0.0.1',
        port: smtp.port,
        secure: false,
        user: 'costlens',
        pass: 'wrong',
        from: 'costlens@example.com',
        to: ['finops@example.com'],
      }).send({ kind: 'digest', day: '2025-04-12', anomalies: [sampleAnomaly()] }),
      /channel mail: SMTP 127\.0\.0\.1:\d+ refused the message/,
    );
    assert.equal(smtp.received.length, 0);
    await smtp.close();
  });
});
