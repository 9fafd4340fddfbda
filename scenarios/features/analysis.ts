// The features scenario's analysis: its section derives its own figures from the raw data, and no other part reads them.
import type { FeaturesData } from './run.js';

export interface FeaturesAnalysis {
  data: FeaturesData;
}

export function analyzeFeatures(data: FeaturesData): FeaturesAnalysis {
  return { data };
}
