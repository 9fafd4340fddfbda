// The ipc figures a summary quotes: one call's p50 per transport.
import { pushHeadline, type Headline } from '../../scripts/report/headlines.js';
import type { IpcAnalysis } from './analysis.js';

export function ipcHeadlines({ figures }: IpcAnalysis): Headline[] {
  const list: Headline[] = [];
  for (const figure of figures)
    pushHeadline(
      list,
      {
        key: `ipc/${figure.transport}/p50`,
        group: 'Per-call cost of local channels',
        label: `${figure.transport}: one call, p50`,
        unit: 'ns',
      },
      figure.p50Nanos,
    );
  return list;
}
