// Reads counters and gauges out of Prometheus text exposition, summing the series that match some labels.

/** The sum of every series of `name` whose labels include `labels`; null when the metric has no such series. */
export function sumSeries(text: string, name: string, labels: Readonly<Record<string, string>> = {}): number | null {
  let sum: number | null = null;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    const labelText = rest[0] === '{' ? rest.slice(1, rest.indexOf('}')) : '';
    const valueText =
      rest
        .slice(rest[0] === '{' ? rest.indexOf('}') + 1 : 0)
        .trim()
        .split(' ')[0] ?? '';
    const value = Number(valueText);
    if (!Number.isFinite(value)) continue;
    if (!Object.entries(labels).every(([key, wanted]) => labelText.includes(`${key}="${wanted}"`))) continue;
    sum = (sum ?? 0) + value;
  }
  return sum;
}

export async function scrape(url: string, timeoutSeconds = 2): Promise<string | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutSeconds * 1000) });
    const text = await response.text();
    return response.ok ? text : null;
  } catch {
    return null;
  }
}
