// The run's one event channel: the engine and the scenarios say what happens, the progress display and the live view listen.
import type { Lang, Mode, ScenarioStatus } from '../results/types.js';

/** The cell an event is about; `lang` may name a topology of several languages ("polyglot"). */
export interface EventCell {
  lang: Lang;
  mode: Mode;
}

/** What one finished step measured, in the units results.json uses; a figure the step did not measure is left out. */
export interface StepFigures {
  cell?: EventCell;
  /** The offered rate of an open-loop step, or what a closed-loop step achieved. */
  ratePerSecond?: number;
  /** Latency from the intended send time, µs; null where the step got no answer to measure. */
  latency?: { p50Micros: number | null; p99Micros: number | null };
  /** The generator's own lateness at p99, µs (calibration vouches for it). */
  pacingP99Micros?: number | null;
  /** Requests sent in the measured window, and those that failed (non-2xx, error, timeout). */
  requests?: { sent: number; failed: number };
  /** The step checked its own validity (rate held, no errors); an invalid step's figures are not reported. */
  valid?: boolean;
}

/** What the clients of a faulted cell saw, from the load's timeline. */
export interface ClientsSaw {
  sent: number;
  failed: number;
  /** Of those: the requests intended while the fault was in force. */
  sentDuringFault: number;
  failedDuringFault: number;
  /** Failures by what the client got: a status code ("503"), an error code ("ECONNREFUSED") or "timeout". */
  failures: Record<string, number>;
}

/** A few seconds of client load in a step, reported by the generator as it goes (not the step's figures). */
export interface LoadWindow {
  cell?: EventCell;
  /** Seconds since the load's first intended send, at the window's start. */
  fromSeconds: number;
  seconds: number;
  /** Requests sent in the window; answers that arrived in it, 2xx and failed (non-2xx, error, timeout). */
  sent: number;
  ok: number;
  failed: number;
  /** Of the 2xx answers that arrived in the window, µs from their intended send time. */
  p99Micros: number | null;
}

/** What a scenario may say through its context; the engine adds which scenario said it and when. */
export type ScenarioEvent =
  | { type: 'step-finished'; label: string; figures: StepFigures; fault?: { id: string; clients: ClientsSaw } }
  | { type: 'fault-injected'; fault: string; how: string; cell: EventCell }
  | { type: 'fault-cleared'; fault: string; cell: EventCell }
  | { type: 'load-window'; label: string; window: LoadWindow };

/** What the engine says about the run itself. */
export type EngineEvent =
  | { type: 'run-started'; runId: string; tier: string; scenarios: string[]; estimateSeconds: number }
  | { type: 'scenario-started'; scenario: string; title: string; estimateSeconds: number }
  | { type: 'step-started'; scenario: string; label: string }
  | { type: 'scenario-finished'; scenario: string; status: ScenarioStatus | 'ok'; durationSeconds: number }
  | { type: 'note'; text: string }
  | { type: 'run-finished'; status: string };

type Stamped<Event> = Event & { atEpochMillis: number };
/** Every event as listeners get it: scenario events carry their scenario, all carry the wall-clock time they were said. */
export type RunEvent = Stamped<EngineEvent> | Stamped<ScenarioEvent & { scenario: string }>;
export type RunEventType = RunEvent['type'];
export type RunEventListener = (event: RunEvent) => void;

// Distributes Omit over the union, so each member keeps its own fields.
type Unstamped<Event> = Event extends unknown ? Omit<Event, 'atEpochMillis'> : never;

export class RunEvents {
  private readonly listeners = new Set<RunEventListener>();

  /** The returned function unsubscribes. */
  subscribe(listener: RunEventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Delivers synchronously, in subscription order. A listener that throws is reported and the others still get the
   * event: a display's bug must not stop a measurement.
   */
  emit(event: Unstamped<RunEvent>): void {
    const stamped = { ...event, atEpochMillis: Date.now() } as RunEvent;
    for (const listener of this.listeners) {
      try {
        listener(stamped);
      } catch (error) {
        process.stderr.write(`an event listener failed on ${stamped.type}: ${(error as Error).message}\n`);
      }
    }
  }

  /** What a scenario's context hands it: its events, marked with its id. */
  forScenario(scenario: string): (event: ScenarioEvent) => void {
    return (event) => this.emit({ ...event, scenario });
  }
}
