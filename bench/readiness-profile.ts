/**
 * Where the time goes, for bench/readiness: V8's sampling CPU profiler (node:inspector) around
 * a piece of work, and the functions with the most self time. Sampling shares stay meaningful
 * on a busy machine, where differences of wall-clock medians do not.
 */
import { Session } from 'node:inspector/promises';

export interface ProfileLine {
  fn: string;
  where: string;
  ms: number;
  share: number;
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Runs `fn` under the profiler (sampling every `intervalUs`); the `top` functions by self time. */
export async function profileSelfTime(fn: () => unknown, top: number, intervalUs = 500): Promise<{ lines: ProfileLine[]; totalMs: number }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
    await session.post('Profiler.start');
    fn();
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
    const byNode = new Map<number, number>();
    profile.samples.forEach((id, i) => byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    const byFn = new Map<string, ProfileLine>();
    let total = 0;
    for (const node of profile.nodes) {
      const us = byNode.get(node.id) ?? 0;
      if (us === 0) continue;
      const { functionName, url, lineNumber } = node.callFrame;
      // Left out: idle time and the profiler's own bookkeeping (the inspector's native
      // `dispatch` that carries Profiler.stop).
      if (functionName === '(idle)' || functionName === '(program)' || url.startsWith('node:inspector') || (functionName === 'dispatch' && url === '')) continue;
      total += us;
      const where = url === '' ? '' : `${url.replace(/^.*\/dist\//, '').replace(/\.js$/, '.ts')}:${lineNumber + 1}`;
      const key = `${functionName} ${where}`;
      const line = byFn.get(key) ?? { fn: functionName || '(anonymous)', where, ms: 0, share: 0 };
      line.ms += us / 1000;
      byFn.set(key, line);
    }
    const lines = [...byFn.values()].sort((a, b) => b.ms - a.ms).slice(0, top);
    for (const l of lines) l.share = l.ms / (total / 1000);
    return { lines, totalMs: total / 1000 };
  } finally {
    await session.post('Profiler.disable').catch(() => undefined);
    session.disconnect();
  }
}
