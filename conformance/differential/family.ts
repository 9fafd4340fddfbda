// What an input family is to the differential runner: a generator of adversarial inputs, and a way to observe each
// implementation (every language's library, and the sidecar) take one input through its black-box entry point.
import type * as fc from 'fast-check';

/** An implementation under test: a language's library (`go`), or the sidecar (beside the TypeScript app). */
export interface Implementation {
  /** `ts`, `python`, `go`, ... or `sidecar`. */
  name: string;
  /** The language whose app runs (the sidecar runs beside `ts`). */
  lang: string;
  mode: 'library' | 'sidecar';
}

/**
 * What one implementation did with one input: `facts` are compared exactly between implementations (accepted or
 * refused, status, error code, the value used); `detail` is shown beside them (an error message's words) but not
 * compared, since no contract fixes a message's wording.
 */
export interface Observation {
  facts: Record<string, unknown>;
  detail?: string;
}

/** One implementation's processes for a family, started once and fed many inputs. */
export interface Session<I> {
  observe(input: I): Promise<Observation>;
  stop(): Promise<void>;
}

export interface FamilyEnvironment {
  /** The control plane every instance of the family uses. */
  controlplaneUrl: string;
  /** Each session's files go under here. */
  runDir: string;
}

export interface Family<I> {
  /** `settings`, `requests`, `metrics`, ...: the name the known-drift list and the report use. */
  id: string;
  /** The entry point, in one line for the report. */
  entryPoint: string;
  arbitrary: fc.Arbitrary<I>;
  /** The adversary's category of an input (`hex`, `exponent`, ...): a known drift is listed by it. */
  kindOf(input: I): string;
  /** The input as a reader would write it down, in one line. */
  show(input: I): string;
  start(implementation: Implementation, environment: FamilyEnvironment): Promise<Session<I>>;
  /** Some implementations do not have this entry point (the sidecar reads no request body): it is not compared there. */
  appliesTo?(implementation: Implementation): boolean;
}
