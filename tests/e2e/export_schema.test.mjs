// `cobuy export` writes an OCDS record package that validates against the OCDS 1.1 record
// package schema (with the release schema it references), checked by Ajv (JSON Schema
// draft-04, formats on). The register is filled by `cobuy ingest` from real published data
// in ../shared/data/ocds/real and from `cobuy gen` output.
//
//   node --test tests/e2e/          (from the repository root; needs web/node_modules)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const requireWeb = createRequire(path.join(repo, 'web', 'package.json'));
const Ajv = requireWeb('ajv-draft-04');
const addFormats = requireWeb('ajv-formats');
const bin = process.env.COBUY_BIN ?? path.join(repo, 'build/debug/src/cli/cobuy');
const schemas = path.join(repo, '..', 'shared', 'data', 'ocds', 'schema');
const real = path.join(repo, '..', 'shared', 'data', 'ocds', 'real');

// With `releases` true the releases are validated against the release schema too; else the
// release schema is replaced by one that accepts any object (real publishers' releases carry
// their own defects, such as contact URLs that are not URIs, which an export keeps verbatim).
function validator({ releases }) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  for (const name of ['release-schema.json', 'versioned-release-validation-schema.json']) {
    const schema = JSON.parse(fs.readFileSync(path.join(schemas, name), 'utf8'));
    ajv.addSchema(releases ? schema : { id: schema.id, type: 'object', required: ['ocid'] });
  }
  return ajv.compile(JSON.parse(fs.readFileSync(path.join(schemas, 'record-package-schema.json'), 'utf8')));
}

function ingest(db, files) {
  const r = spawnSync(bin, ['ingest', '--db', db, '--quiet', ...files], { encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 3, `ingest exited ${r.status}: ${r.stderr}`);
}

function exportPackage(db, args = []) {
  const out = execFileSync(bin, ['export', '--db', db, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  return JSON.parse(out);
}

function check(pkg, releases = true) {
  const validate = validator({ releases });
  const ok = validate(pkg);
  assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 1));
}

test('an export of generated data validates against the record package schema', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cobuy-export-'));
  const db = path.join(dir, 'cobuy.db');
  const gen = path.join(dir, 'gen.jsonl');
  execFileSync(bin, ['gen', '--seed', '7', '--releases', '400', '--no-quirks', '--out', gen]);
  ingest(db, [gen]);
  const pkg = exportPackage(db);
  assert.ok(pkg.records.length > 50, `only ${pkg.records.length} records`);
  for (const record of pkg.records) {
    assert.ok(record.releases.length >= 1);
    assert.equal(record.compiledRelease.ocid, record.ocid);
    assert.deepEqual(record.compiledRelease.tag, ['compiled']);
  }
  check(pkg);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('an export of real published data validates against the record package schema (releases as published)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cobuy-export-'));
  const db = path.join(dir, 'cobuy.db');
  ingest(db, [
    path.join(real, 'colombia-cce-2021', 'release-package_2020-11-09_2021-03-03.json'),
    path.join(real, 'ocdskit-realdata', 'release-package_1.1-2.json'),
    path.join(real, 'uk-fts-2021', 'fts-releases-10.json'),
  ]);
  const pkg = exportPackage(db);
  assert.equal(pkg.records.length, 111);
  check(pkg, false);
  // Filters narrow the package and keep it valid.
  const one = exportPackage(db, ['--ocid', pkg.records[0].ocid]);
  assert.equal(one.records.length, 1);
  check(one, false);
  fs.rmSync(dir, { recursive: true, force: true });
});
