/** Progress bars for long work, on stderr, and only on a terminal (CI logs stay readable). */
import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  update(value: number): void;
  stop(): void;
}

export function progressBar(label: string, total: number): Progress {
  if (!process.stderr.isTTY) {
    let lastReported = 0;
    return {
      update: (value) => {
        // Without a terminal, a line every 10 %.
        if (total > 0 && value - lastReported >= total / 10) {
          lastReported = value;
          process.stderr.write(`${label}: ${Math.round((value / total) * 100)} %\n`);
        }
      },
      stop: () => undefined,
    };
  }
  const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`, stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  bar.start(total, 0);
  return { update: (value) => bar.update(value), stop: () => bar.stop() };
}
