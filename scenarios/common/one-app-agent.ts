// Mode agent in the single-instance scenarios (latency, resources): an agent serving the cell's one app, the hop and
// the process it costs beside the sidecar's. The quick tier measures it only when --modes names it.
import type { ModesLeftOut } from '../../scripts/engine/scenario.js';
import type { Mode } from '../../scripts/results/types.js';

/** The modes of a single-instance scenario that measures the hop: native its floor, agent one agent for the one app. */
export const ONE_INSTANCE_HOP_MODES: readonly Mode[] = ['none', 'library', 'sidecar', 'native', 'agent'];

/**
 * The quick tier's default modes leave mode agent out of latency and resources (the reason the report shows states no
 * figure: the plan's text is not measured in the run). The default quick run was at about
 * 4 min 52 s of its five minutes, and an agent cell took about 20 s of latency and resources per language (43 s for ts
 * and go, in a quick run at load average 5 on two cores). The agent's cost as a host's instances share it is the scale
 * scenario's, which the quick run measures in mode agent.
 */
export const AGENT_LEFT_OUT_OF_QUICK: ModesLeftOut = {
  modes: ['agent'],
  why: 'an agent cell costs the latency and resources scenarios about as long as a sidecar cell, per language, and the default quick run is at its five minutes without it; the scale scenario measures mode agent there',
};
