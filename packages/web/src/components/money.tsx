/** A money value: formatted for people, the exact decimal kept in `data-value` for machines. */
import { formatMoney } from '../format.ts';

export function Money(props: { value: string | number | null; currency: string; testId?: string }) {
  const exact = props.value === null ? '' : String(props.value);
  return (
    <span className="money" data-value={exact} data-testid={props.testId} title={exact}>
      {formatMoney(props.value, props.currency)}
    </span>
  );
}
