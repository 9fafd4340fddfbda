// The workshop's exercises as data: each one is a bench run (scenarios, languages, modes, topology, tier) and the
// anchor of the report section that answers it. The bench does all the work; nothing here measures anything.
import { QUICK_LANGS } from '../bench/options.js';
import type { Mode, Tier, Topology } from '../results/types.js';

export interface Exercise {
  /** What `npm run workshop -- <name>` takes; also the name of workshop/exercises/<name>.md. */
  name: string;
  /** The question, in one line, as `npm run workshop` lists it. */
  question: string;
  /** The rows of the report's claims table its scenarios decide (scripts/report/claims.ts). */
  claims: readonly string[];
  /** Bench flags, as data. Consistency comes along everywhere: the bench measures only cells that pass it. */
  scenarios: readonly string[];
  /** Omitted: the tier's default languages. */
  langs?: readonly string[];
  /** Omitted: every mode (each scenario measures the ones its plugin names). */
  modes?: readonly Mode[];
  topologies?: readonly Topology[];
  tier: Tier;
  /** Why the tier is what it is, when it is not quick: shown by --help and the exercise's page. */
  tierReason?: string;
  /**
   * The smoke form (`--smoke`, which npm test runs for every exercise) on fewer languages than the exercise, when its
   * smoke tier alone is too long for npm test; `leavesOut` says what that form does not do.
   */
  smokeForm?: { langs: readonly string[]; leavesOut: string };
  /** The report section that answers the question (an id in the report), then any others worth opening. */
  anchor: string;
  alsoSee?: readonly string[];
}

export const EXERCISES: readonly Exercise[] = [
  {
    name: 'extra-hop',
    question: "What does the sidecar's extra hop add to every request, and how much of it would any proxy add?",
    claims: ['K1', 'C4'],
    scenarios: ['consistency', 'ipc', 'latency'],
    langs: ['ts'],
    modes: ['none', 'library', 'sidecar', 'native'],
    topologies: ['single'],
    tier: 'quick',
    anchor: 'latency',
    alsoSee: ['ipc', 'calibration', 'claims'],
  },
  {
    name: 'memory-per-instance',
    question: 'What does a process beside every instance cost in memory and CPU, and how does it grow with instances?',
    claims: ['K2'],
    scenarios: ['consistency', 'resources', 'scale'],
    langs: ['ts', 'go', 'python'],
    modes: ['none', 'library', 'sidecar', 'native'],
    topologies: ['single'],
    tier: 'quick',
    anchor: 'resources',
    alsoSee: ['scale', 'claims'],
  },
  {
    name: 'agent',
    question: "One agent per host instead of a sidecar per instance: what does it save, and how far does one app's fault reach?",
    claims: ['K5'],
    // Scale's quick tier is the first with two instances, where an agent is shared at all (K5 reads it there); blast
    // runs because it is named. Modes none and library put the app alone and the in-process library beside the two.
    scenarios: ['consistency', 'scale', 'blast'],
    langs: ['ts'],
    modes: ['none', 'library', 'sidecar', 'agent'],
    topologies: ['single'],
    tier: 'quick',
    anchor: 'scale',
    alsoSee: ['blast', 'claims'],
  },
  {
    name: 'drift',
    question: 'Do five copies of the same library, in five languages, behave the same?',
    claims: ['C1', 'C2', 'C6'],
    scenarios: ['consistency'],
    tier: 'quick',
    anchor: 'consistency',
    alsoSee: ['claims'],
  },
  {
    name: 'feature-crash',
    question: "When the cross-cutting code crashes, what do the app's clients, the registry and the logs see, per mode?",
    claims: ['C3'],
    scenarios: ['consistency', 'isolation'],
    langs: ['ts'],
    modes: ['none', 'library', 'sidecar'],
    topologies: ['single'],
    tier: 'smoke',
    tierReason:
      'the fault runs its own fixed timeline, the same as in the default quick run; the smoke tier picks that short version (a crash in the feature code, the same crash on the main thread of the sidecar, and a kill of the sidecar), where naming the scenario in the quick tier runs all eight faults',
    anchor: 'isolation-feature-crash',
    alsoSee: ['isolation', 'claims'],
  },
  {
    name: 'upgrade',
    question: "What does it take to roll one change out through every language's library, against through one sidecar?",
    claims: ['C7'],
    scenarios: ['consistency', 'upgrade'],
    tier: 'smoke',
    tierReason:
      'the quick tier also runs every unit suite each path ships and the new conformance vectors beside every app, before and after the patches, on top of building all five languages twice; the smoke tier builds, runs the test files the patches touch and rolls both upgrades out under a lighter load',
    // The smoke tier is already the exercise's own, so its smoke form does less by languages: Python's, Rust's and
    // Java's builds and tests, twice, took a third of its time here (238 s over five languages, 157 s over two).
    smokeForm: {
      langs: QUICK_LANGS,
      leavesOut:
        "python, rust and java: the rollouts run over a TypeScript and Go fleet, so the library path builds, tests and restarts two languages' codebases, not five (the report says which languages it reached)",
    },
    anchor: 'upgrade',
    alsoSee: ['claims'],
  },
  {
    name: 'retries',
    question: 'When payment fails after charging, do retries save the checkout, and do they ever charge twice?',
    claims: ['A1'],
    scenarios: ['consistency', 'resilience'],
    langs: ['ts'],
    modes: ['none', 'library', 'sidecar'],
    topologies: ['single'],
    tier: 'quick',
    anchor: 'resilience-payment-503',
    alsoSee: ['resilience', 'claims'],
  },
];

export function findExercise(name: string): Exercise | undefined {
  return EXERCISES.find((exercise) => exercise.name === name);
}
