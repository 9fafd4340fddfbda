// CLI of the contract cases against running services: node dist/conformance/contract/main.js --web URL --customers URL --payment URL
import { parseArgs } from 'node:util';
import { runContract } from './run-contract.js';

const USAGE = 'usage: node dist/conformance/contract/main.js --web <url> --customers <url> --payment <url>';

function urlFlags(argv: readonly string[]): { webUrl: string; customersUrl: string; paymentUrl: string } {
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      options: { web: { type: 'string' }, customers: { type: 'string' }, payment: { type: 'string' } },
    });
    const urls = { webUrl: values.web, customersUrl: values.customers, paymentUrl: values.payment };
    for (const [name, url] of Object.entries(urls)) {
      if (url === undefined || !URL.canParse(url))
        throw new Error(`--${name.replace('Url', '')} needs a base URL such as http://127.0.0.1:7100`);
    }
    return urls as { webUrl: string; customersUrl: string; paymentUrl: string };
  } catch (error) {
    console.error(`SCL_ERR_BAD_FLAG: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

const report = await runContract(urlFlags(process.argv.slice(2)));
for (const result of report.results)
  console.log(`${result.ok ? 'pass' : 'FAIL'}  ${result.name}${result.problem !== undefined ? `\n      ${result.problem}` : ''}`);
console.log(`\n${report.passed} passed, ${report.failed} failed`);
process.exitCode = report.ok ? 0 : 1;
