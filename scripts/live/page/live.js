// The live page's script: reads the run's events (server-sent, /events) and draws progress, latency, faults and the log.
/* global Chart, EventSource, document, fetch */
'use strict';

Chart.defaults.animation = false;
const FAULT_FILL = 'rgba(250, 204, 21, 0.3)';
const LANG_DASHES = { ts: [], python: [7, 4], go: [2, 3], rust: [10, 3, 2, 3], java: [12, 6] };
const LOG_LINES = 300;

const state = { startMillis: null, modeColors: {}, openFaults: new Map(), faultRows: [] };
const $ = (id) => document.getElementById(id);

function secondsOf(atEpochMillis) {
  if (state.startMillis === null) state.startMillis = atEpochMillis;
  return (atEpochMillis - state.startMillis) / 1000;
}

function formatSeconds(seconds) {
  const whole = Math.round(seconds);
  return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}

/** A series per cell, "mode (lang)", so a mode keeps its colour; what has no cell (calibration) is named by its scenario. */
function cellName(cell, scenario = 'calibration') {
  return cell ? `${cell.mode} (${cell.lang})` : scenario;
}

function colorOf(name) {
  return state.modeColors[name.split(' ')[0]] ?? '#a16207';
}

function lineChart(canvas, yTitle, logarithmic) {
  return new Chart(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      responsive: true, maintainAspectRatio: false, parsing: false,
      scales: {
        x: { type: 'linear', title: { display: true, text: 'seconds into the run' } },
        y: { type: logarithmic ? 'logarithmic' : 'linear', title: { display: true, text: yTitle }, ...(logarithmic ? {} : { beginAtZero: true, suggestedMax: 100 }) },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  });
}

const latencyChart = lineChart($('latency-chart'), 'p99 of the step, ms (log)', true);
const clientsChart = lineChart($('clients-chart'), 'requests failed, % of those sent', false);

/** The dataset of one series, made on first use: the mode gives the colour, the language the dash, as in the report. */
function seriesOf(chart, name) {
  let dataset = chart.data.datasets.find((one) => one.label === name);
  if (!dataset) {
    const color = colorOf(name);
    const lang = /\(([a-z]+)\)/.exec(name)?.[1] ?? '';
    dataset = {
      label: name, data: [], borderColor: color, backgroundColor: color, borderDash: LANG_DASHES[lang] ?? [4, 4], borderWidth: 2,
      pointRadius: 3, pointBackgroundColor: (context) => (context.raw && context.raw.valid === false ? '#fff' : color),
    };
    chart.data.datasets.push(dataset);
  }
  return dataset;
}

function log(atEpochMillis, text) {
  const element = $('log');
  const line = document.createElement('div');
  line.textContent = `${formatSeconds(secondsOf(atEpochMillis)).padStart(9)}  ${text}`;
  element.append(line);
  while (element.childElementCount > LOG_LINES) element.firstElementChild.remove();
  element.scrollTop = element.scrollHeight;
}

function stepFinished(event) {
  const { figures } = event;
  const p99 = figures.latency?.p99Micros;
  if (p99 !== null && p99 !== undefined) {
    seriesOf(latencyChart, cellName(figures.cell, event.scenario)).data.push({ x: secondsOf(event.atEpochMillis), y: p99 / 1000, valid: figures.valid !== false });
    latencyChart.update('none');
  }
  if (event.fault) faultOutcome(event);
  const rate = figures.ratePerSecond === undefined ? '' : ` at ${Math.round(figures.ratePerSecond)}/s`;
  const latency = figures.latency ? `: p50 ${ms(figures.latency.p50Micros)}, p99 ${ms(figures.latency.p99Micros)}` : '';
  log(event.atEpochMillis, `done ${event.label}${rate}${latency}${figures.valid === false ? ' (invalid)' : ''}`);
}

function ms(micros) {
  return micros === null || micros === undefined ? 'n/a' : `${(micros / 1000).toFixed(2)} ms`;
}

function faultKey(event) {
  return `${event.scenario}|${event.fault}|${cellName(event.cell)}`;
}

function faultInjected(event) {
  const body = $('faults');
  body.querySelector('tr.none')?.remove();
  const row = document.createElement('tr');
  row.className = 'in-force';
  for (const text of [formatSeconds(secondsOf(event.atEpochMillis)), event.scenario, `${event.fault}: ${event.how}`, cellName(event.cell), 'in force', 'measuring']) {
    const cell = document.createElement('td');
    cell.textContent = text;
    row.append(cell);
  }
  row.dataset.fault = event.fault;
  row.dataset.cell = cellName(event.cell);
  body.prepend(row);
  const band = { label: `${event.fault} on ${cellName(event.cell)}`, data: [{ x: secondsOf(event.atEpochMillis), y: 100 }], fill: 'origin', backgroundColor: FAULT_FILL, borderColor: 'rgba(161, 98, 7, 0.6)', borderWidth: 1, pointRadius: 0 };
  clientsChart.data.datasets.push(band);
  clientsChart.update('none');
  state.openFaults.set(faultKey(event), { row, band });
  log(event.atEpochMillis, `FAULT ${event.fault} injected on ${cellName(event.cell)}: ${event.how}`);
}

function faultCleared(event) {
  const open = state.openFaults.get(faultKey(event));
  if (open) {
    open.row.classList.remove('in-force');
    open.row.children[4].textContent = formatSeconds(secondsOf(event.atEpochMillis));
    open.band.data.push({ x: secondsOf(event.atEpochMillis), y: 100 });
    clientsChart.update('none');
  }
  log(event.atEpochMillis, `fault ${event.fault} cleared on ${cellName(event.cell)}`);
}

function faultOutcome(event) {
  const cell = cellName(event.figures.cell);
  const row = [...$('faults').children].find((one) => one.dataset.fault === event.fault.id && one.dataset.cell === cell && one.children[5].textContent === 'measuring');
  if (!row) return;
  const clients = event.fault.clients;
  const reasons = Object.entries(clients.failures).map(([reason, count]) => `${count} × ${reason}`).join(', ');
  row.children[5].textContent = `${clients.failedDuringFault} of ${clients.sentDuringFault} failed while in force; ${clients.failed} of ${clients.sent} in all${reasons ? ` (${reasons})` : ''}`;
  if (clients.failed > 0) row.children[5].classList.add('bad');
}

function loadWindow(event) {
  const { window } = event;
  const answered = window.ok + window.failed;
  if (answered === 0) return;
  const dataset = seriesOf(clientsChart, cellName(window.cell, event.scenario));
  dataset.pointRadius = 0;
  dataset.data.push({ x: secondsOf(event.atEpochMillis), y: (100 * window.failed) / answered });
  clientsChart.update('none');
}

function handle(event) {
  switch (event.type) {
    case 'run-started':
      $('run-id').textContent = `${event.runId} (${event.tier}: ${event.scenarios.join(', ')})`;
      log(event.atEpochMillis, `run started: about ${formatSeconds(event.estimateSeconds)} of measuring`);
      break;
    case 'scenario-started':
      log(event.atEpochMillis, `${event.title} begins`);
      break;
    case 'step-started':
      $('step').textContent = event.label;
      log(event.atEpochMillis, event.label);
      break;
    case 'step-finished':
      stepFinished(event);
      break;
    case 'fault-injected':
      faultInjected(event);
      break;
    case 'fault-cleared':
      faultCleared(event);
      break;
    case 'load-window':
      loadWindow(event);
      break;
    case 'scenario-finished':
      log(event.atEpochMillis, `${event.scenario} finished: ${event.status} in ${formatSeconds(event.durationSeconds)}`);
      break;
    case 'note':
      log(event.atEpochMillis, event.text);
      break;
    case 'run-finished':
      $('status').textContent = event.status;
      $('status').className = `status ${event.status}`;
      $('step').textContent = 'the run has ended; its report is in reports/';
      log(event.atEpochMillis, `run finished: ${event.status}`);
      break;
    default:
      break;
  }
}

async function main() {
  const setup = await (await fetch('/setup.json')).json();
  state.modeColors = setup.modeColors;
  $('run-id').textContent = setup.runId;
  const source = new EventSource('/events');
  source.onopen = () => {
    if (['connecting', 'reconnecting'].includes($('status').textContent)) $('status').textContent = 'running';
  };
  source.onmessage = (message) => {
    const event = JSON.parse(message.data);
    handle(event);
    // The run is over: the server ends the stream, and the page must not reconnect to a closed port.
    if (event.type === 'run-finished') source.close();
  };
  source.addEventListener('progress', (message) => {
    const progress = JSON.parse(message.data);
    $('progress').value = progress.fraction;
    $('eta').textContent = `${Math.round(progress.fraction * 100)}% after ${formatSeconds(progress.elapsedSeconds)}, about ${formatSeconds(progress.secondsLeft)} left`;
  });
  source.onerror = () => {
    if ($('status').textContent === 'running') $('status').textContent = 'reconnecting';
  };
}

void main();
