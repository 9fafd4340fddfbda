// The profile scenario's analysis: its section derives its own figures from the raw data, and no other part reads them.
import type { ProfileData } from './run.js';

export interface ProfileAnalysis {
  data: ProfileData;
}

export function analyzeProfile(data: ProfileData): ProfileAnalysis {
  return { data };
}
