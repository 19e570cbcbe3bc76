import { useEffect, useRef } from 'react';
import {
  BarController, BarElement, CategoryScale, Chart as ChartJs, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip,
  type ChartConfiguration,
} from 'chart.js';

/**
 * Chart.js 4 (canvas), registered with only the pieces the dashboard draws (bars, lines, two axes,
 * legend, tooltip) so that the lazy chunk stays small. This file is imported by the dashboard page
 * only: the library never reaches the first load. Each chart is an image with an accessible name;
 * its numbers are also given as a table next to it (the canvas itself is not readable).
 */
ChartJs.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

export function Chart({ config, label, height = 260 }: { config: ChartConfiguration<'bar' | 'line'>; label: string; height?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new ChartJs(canvas.current, {
      ...config,
      options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options },
    } as ChartConfiguration);
    return () => chart.destroy();
  }, [config]);
  return (
    <div className="chart-box" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
