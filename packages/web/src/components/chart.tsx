/** An ECharts canvas for one option object, loading ECharts on first use; resizes with its box. */
import { useEffect, useRef } from 'react';
import type { ECharts } from 'echarts/core';
import type * as EChartsSetup from './echarts-setup.ts';
import type { ChartOption } from './echarts-setup.ts';

export type { ChartOption };

type EChartsModule = typeof EChartsSetup;
let loading: Promise<EChartsModule> | null = null;
const loadECharts = () => (loading ??= import('./echarts-setup.ts'));

/** Renders `option`. */
export function Chart(props: { option: ChartOption; height?: number; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const option = useRef(props.option);
  option.current = props.option;
  useEffect(() => {
    let disposed = false;
    let ro: ResizeObserver | undefined;
    void loadECharts().then(({ echarts }) => {
      if (disposed || !el.current) return;
      const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
      chart.current = c;
      c.setOption(option.current, { notMerge: true });
      ro = new ResizeObserver(() => c.resize());
      ro.observe(el.current);
    });
    return () => {
      disposed = true;
      ro?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(props.option, { notMerge: true });
  }, [props.option]);
  return (
    <div
      ref={el}
      role="img"
      aria-label={props.label}
      className="chart"
      style={{ height: props.height ?? 280 }}
    />
  );
}
