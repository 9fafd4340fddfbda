// The Go and Python gates: formatted, linted, type-checked, tested (Go with -race), packaged. Each names its rule.
import type { Gate } from './gate.js';
import { linesNamingAFile } from './gate.js';

const GO_MODULES = ['library/go', 'services/go'];
const PYTHON = '.venv/python/bin';
// mypy runs in each package, whose tests/conftest.py would otherwise be one module twice.
const PYTHON_PACKAGES = ['library/python', 'services/python'];
const ROOT_FROM_PACKAGE = '../..';
const PYTHON_SOURCES = ['library/python/src', 'library/python/tests', 'services/python/src', 'services/python/tests'];

export function goGates(staticcheck: string): Gate[] {
  return GO_MODULES.flatMap((module): Gate[] => [
    {
      name: `gofmt ${module}`,
      rule: 'gofmt: every Go file is formatted (`gofmt -w` fixes it)',
      command: 'gofmt',
      args: ['-l', '.'],
      cwd: module,
      outputIsFailure: true,
      findings: (output) => output.split('\n').filter((line) => line.endsWith('.go')),
    },
    { name: `go vet ${module}`, rule: 'go vet: the analyzers of the Go toolchain', command: 'go', args: ['vet', './...'], cwd: module },
    {
      name: `staticcheck ${module}`,
      rule: 'staticcheck: default checks (SA, S, ST, QF), each finding ends with its check id',
      command: staticcheck,
      args: ['./...'],
      cwd: module,
    },
    {
      name: `go test -race ${module}`,
      rule: 'go test -race: the tests pass and the race detector sees no data race',
      command: 'go',
      args: ['test', '-race', '-count=1', './...'],
      cwd: module,
      findings: (output) => output.split('\n').filter((line) => /^(--- FAIL|FAIL|WARNING: DATA RACE)|_test\.go:\d+:/.test(line.trim())),
    },
  ]);
}

export function pythonGates(): Gate[] {
  return [
    {
      name: 'ruff format --check',
      rule: 'ruff format: every Python file is formatted (`ruff format` fixes it)',
      command: `${PYTHON}/ruff`,
      args: ['format', '--check', ...PYTHON_SOURCES],
      cwd: '.',
      findings: (output) => output.split('\n').filter((line) => line.startsWith('Would reformat')),
    },
    {
      name: 'ruff check',
      rule: 'ruff check: the rules selected in each pyproject.toml [tool.ruff.lint], each finding ends with its code',
      command: `${PYTHON}/ruff`,
      args: ['check', '--output-format=concise', ...PYTHON_SOURCES],
      cwd: '.',
    },
    ...PYTHON_PACKAGES.flatMap((pkg): Gate[] => [
      {
        name: `mypy --strict ${pkg}/src`,
        rule: 'mypy --strict: the sources type-check strictly, each finding ends with its [error-code]',
        command: `${ROOT_FROM_PACKAGE}/${PYTHON}/mypy`,
        args: ['--strict', 'src'],
        cwd: pkg,
      },
      {
        name: `mypy ${pkg}/tests`,
        rule: 'mypy: every test body is type-checked against the typed sources; test functions may go unannotated',
        command: `${ROOT_FROM_PACKAGE}/${PYTHON}/mypy`,
        args: ['--allow-untyped-defs', '--allow-incomplete-defs', '--allow-untyped-calls', 'tests'],
        cwd: pkg,
      },
    ]),
    {
      name: 'pytest',
      rule: 'pytest: the library and services suites pass',
      command: `${PYTHON}/python`,
      args: ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'library/python/tests', 'services/python/tests'],
      cwd: '.',
      findings: (output) => output.split('\n').filter((line) => /^(FAILED|ERROR) /.test(line)),
    },
    {
      name: 'wheels install and import',
      rule: 'wheels: both packages build as wheels and work installed from them, spec files included (no editable install)',
      command: 'bash',
      args: ['scripts/gates/python-wheels.sh'],
      cwd: '.',
      findings: (output) => [...output.split('\n').filter((line) => line.startsWith('wheels:')), ...linesNamingAFile(output)],
    },
  ];
}
