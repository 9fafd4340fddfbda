// Full-jitter backoff: retry n waits uniform(0, min(max, base * 2^(n-1))) seconds.

export function fullJitterSeconds(retry: number, baseSeconds: number, maxSeconds: number, random: () => number = Math.random): number {
  const ceilingSeconds = Math.min(maxSeconds, baseSeconds * 2 ** (retry - 1));
  return random() * ceilingSeconds;
}
