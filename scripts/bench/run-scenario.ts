// One scenario of a run: its context, its outcome as a result, and a failure kept to itself.
import type { AnyScenario, ScenarioContext } from '../engine/scenario.js';
import type { Message, ScenarioResult } from '../results/types.js';
import type { SkippedCell } from './cell-book.js';

export async function runScenario(
  scenario: AnyScenario,
  context: ScenarioContext,
): Promise<{ result: ScenarioResult; failedCells: SkippedCell[] }> {
  const startedAt = new Date();
  const base = { id: scenario.id, startedAt: startedAt.toISOString(), settings: context.settings };
  try {
    const outcome = await scenario.run(context);
    // Measured, but without every requested cell (a missing toolchain or sidecar): say so in the status.
    const status =
      outcome.status === 'ok' && context.skippedCells.length > 0 && scenario.choosesOwnLanguages !== true ? 'partial' : outcome.status;
    return {
      result: { ...base, status, durationSeconds: secondsSince(startedAt), messages: outcome.messages, data: outcome.data },
      failedCells: outcome.failedCells ?? [],
    };
  } catch (error) {
    // One failed scenario does not take the others down; its teardown already ran in its finally blocks.
    const message: Message = { level: 'error', scope: scenario.id, text: (error as Error).message };
    return {
      result: { ...base, status: 'failed', durationSeconds: secondsSince(startedAt), messages: [message], data: null },
      failedCells: [],
    };
  }
}

function secondsSince(start: Date): number {
  return (Date.now() - start.getTime()) / 1000;
}
