// A tiny scenario, for the test that shows what adding one takes: this folder and one line in a registry.
import type { ScenarioPlugin } from '../../../scripts/engine/scenario.js';
import { escapeHtml } from '../../../scripts/report/html.js';
import { notMeasured } from '../../../scripts/report/claims.js';

export interface ExampleData {
  /** How many times the example counted. */
  counted: number;
}

export interface ExampleAnalysis {
  data: ExampleData;
  doubled: number;
}

export function analyzeExample(data: ExampleData): ExampleAnalysis {
  return { data, doubled: data.counted * 2 };
}

export const exampleScenario: ScenarioPlugin<ExampleData, ExampleAnalysis, { count: number }> = {
  id: 'example',
  title: 'An example scenario',
  topology: 'single',
  dataSchema: {
    type: 'object',
    required: ['counted'],
    properties: { counted: { type: 'integer', minimum: 0 } },
    additionalProperties: false,
  },
  tiers: {
    smoke: { inDefaultRun: true, settings: { count: 1 } },
    quick: { inDefaultRun: true, settings: { count: 2 } },
    full: { inDefaultRun: true, settings: { count: 3 } },
  },
  estimateSeconds: () => 0,
  run: async (context) => ({ status: 'ok', data: { counted: context.settings.count }, messages: [] }),
  analyze: analyzeExample,
  section: ({ doubled }) => `<p class="example">doubled: ${escapeHtml(doubled)}</p>`,
  describeSettings: (settings) => [['example count', String(settings.count)]],
  headlines: ({ data }) => [
    {
      key: 'example/counted',
      group: 'Example',
      label: 'times counted',
      unit: 'ns',
      estimate: { median: data.counted, low: data.counted, high: data.counted, n: 1 },
    },
  ],
  claims: [
    {
      id: 'K5',
      evaluate: (run) => {
        const analysis = run.analysisOf(analyzeExample);
        return analysis === null
          ? notMeasured('the example did not run', 'the example decides K5 in this test only (registered before the scale scenario)')
          : {
              evidence: `doubled ${analysis.doubled}`,
              verdict: analysis.doubled > 2 ? 'supported' : 'not supported',
              rule: 'supported when doubled exceeds 2',
            };
      },
    },
  ],
};
