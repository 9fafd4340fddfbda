// A small parser of the Prometheus text exposition format 0.0.4, and the queries vectors make on it.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  samples: Sample[];
  /** Family name -> counter, gauge, histogram, summary or untyped, from `# TYPE` lines. */
  types: Map<string, string>;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

/** Parses the exposition; a malformed line throws an error naming its line number. */
export function parsePrometheusText(text: string): Exposition {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] as string).trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const type = /^#\s+TYPE\s+(\S+)\s+(\S+)/.exec(line);
      if (type !== null) types.set(type[1] as string, type[2] as string);
      continue;
    }
    try {
      samples.push(parseSampleLine(line));
    } catch (error) {
      throw new Error(`metrics line ${index + 1} is malformed (${(error as Error).message}): ${line}`);
    }
  }
  return { samples, types };
}

function parseSampleLine(line: string): Sample {
  const nameMatch = NAME.exec(line);
  if (nameMatch === null) throw new Error('no metric name');
  const name = nameMatch[0];
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    rest = rest.slice(1);
    for (;;) {
      rest = rest.trimStart();
      if (rest.startsWith('}')) {
        rest = rest.slice(1);
        break;
      }
      const labelMatch = LABEL_NAME.exec(rest);
      if (labelMatch === null) throw new Error('bad label name');
      rest = rest.slice(labelMatch[0].length).trimStart();
      if (!rest.startsWith('="')) throw new Error(`label ${labelMatch[0]} has no ="value"`);
      const [value, after] = readQuoted(rest.slice(2));
      labels[labelMatch[0]] = value;
      rest = after.trimStart();
      if (rest.startsWith(',')) rest = rest.slice(1);
      else if (!rest.startsWith('}')) throw new Error('expected , or } after a label');
    }
  }
  const [valueText] = rest.trim().split(/\s+/);
  if (valueText === undefined || valueText === '') throw new Error('no value');
  return { name, labels, value: parseValue(valueText) };
}

/** Reads a label value up to its closing quote, undoing the \\, \" and \n escapes. */
function readQuoted(text: string): [string, string] {
  let value = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') return [value, text.slice(i + 1)];
    if (char === '\\') {
      const next = text[++i];
      value += next === 'n' ? '\n' : (next ?? '');
    } else {
      value += char;
    }
  }
  throw new Error('unterminated label value');
}

function parseValue(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`bad value ${text}`);
  return value;
}

/** Samples called `name` whose labels include every label of `labels`. */
export function selectSamples(exposition: Exposition, name: string, labels: Readonly<Record<string, string>> = {}): Sample[] {
  return exposition.samples.filter(
    (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
}

/** The finite `le` boundaries of the matching `_bucket` samples, ascending, without duplicates. */
export function bucketBoundaries(
  exposition: Exposition,
  bucketSampleName: string,
  labels: Readonly<Record<string, string>> = {},
): number[] {
  const boundaries = new Set<number>();
  for (const sample of selectSamples(exposition, bucketSampleName, labels)) {
    const le = sample.labels.le;
    if (le === undefined) continue;
    const bound = parseValue(le);
    if (Number.isFinite(bound)) boundaries.add(bound);
  }
  return [...boundaries].sort((a, b) => a - b);
}
