// The propagation scenario's analysis: its section derives its own figures from the raw data, and no other part reads them.
import type { PropagationData } from './run.js';

export interface PropagationAnalysis {
  data: PropagationData;
}

export function analyzePropagation(data: PropagationData): PropagationAnalysis {
  return { data };
}
