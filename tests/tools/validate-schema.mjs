#!/usr/bin/env node
// validate-schema.mjs - validate JSON documents against a JSON Schema with ajv.
//
//   node validate-schema.mjs SCHEMA DOCUMENT...
//
// The ajv class follows the schema's "$schema" draft (draft-04: ajv-draft-04,
// as the SARIF 2.1.0 schema is; draft-06/07: Ajv, 2019-09: Ajv2019, 2020-12: Ajv2020).  Relative "$ref"s to other files
// (CycloneDX's spdx.schema.json and jsf-0.82.schema.json) are loaded from the
// schema's folder and registered under the URI the ref resolves to.
// Exit status: 0 all valid, 1 some document invalid (errors on stderr),
// 2 usage or an unreadable/uncompilable schema.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { default: Ajv } = require('ajv');
const { default: Ajv2019 } = require('ajv/dist/2019');
const { default: Ajv2020 } = require('ajv/dist/2020');
const { default: AjvDraft04 } = require('ajv-draft-04');
const { default: addFormats } = require('ajv-formats');
const draft04 = 'http://json-schema.org/draft-04/schema';

function usage(msg) {
  console.error(`validate-schema: ${msg}\nusage: validate-schema.mjs SCHEMA DOCUMENT...`);
  process.exit(2);
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return usage(`${path}: ${e.message}`);
  }
}

function ajvFor(draft) {
  const opts = { strict: false, allErrors: true, validateFormats: true };
  if (draft.includes('2020-12')) return new Ajv2020(opts);
  if (draft.includes('2019-09')) return new Ajv2019(opts);
  // The SARIF 2.1.0 (rtm.5) schema has a pattern that is invalid as a Unicode
  // regular expression (a stray ']' in "language"), so draft-04 ones compile without 'u'.
  if (draft.startsWith(draft04)) return new AjvDraft04({ ...opts, unicodeRegExp: false });
  return new Ajv(opts);
}

// Every "$ref" naming another file (the part before '#').
function fileRefs(node, out) {
  if (Array.isArray(node)) node.forEach((n) => fileRefs(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && !v.startsWith('#')) {
        const file = v.split('#')[0];
        if (file && !/^[a-z]+:/i.test(file)) out.add(file);
      } else fileRefs(v, out);
    }
  }
  return out;
}

const [schemaPath, ...docs] = process.argv.slice(2);
if (!schemaPath || docs.length === 0) usage('need a schema and at least one document');
const schema = readJson(schemaPath);
const ajv = ajvFor(schema.$schema || '');
addFormats(ajv);
// Formats JSON Schema defines but ajv-formats does not implement: an IRI is a
// URI that may hold non-ASCII characters, so check what RFC 3987 forbids.
const iriRef = (s) => !/[\s<>"{}|\\^`]/.test(s);
ajv.addFormat('iri-reference', iriRef);
ajv.addFormat('iri', (s) => iriRef(s) && /^[a-z][a-z0-9+.-]*:/i.test(s));
ajv.addFormat('idn-email', (s) => /^[^\s@]+@[^\s@]+$/.test(s));
ajv.addFormat('idn-hostname', (s) => /^[^\s/@:]+$/.test(s));

const base = schema.$id || '';
for (const file of fileRefs(schema, new Set())) {
  const path = join(dirname(schemaPath), file);
  if (!existsSync(path)) usage(`${schemaPath}: referenced schema ${file} not found beside it`);
  const sub = readJson(path);
  const id = base ? new URL(file, base).href : file;
  delete sub.$schema; // compiled with the main schema's draft
  ajv.addSchema(sub, id);
}

let validate;
try {
  validate = ajv.compile(schema);
} catch (e) {
  usage(`${schemaPath}: cannot compile: ${e.message}`);
}

let failed = 0;
for (const doc of docs) {
  if (validate(readJson(doc))) {
    console.log(`${doc}: valid`);
    continue;
  }
  failed++;
  for (const err of validate.errors.slice(0, 20))
    console.error(`${doc}: ${err.instancePath || '/'}: ${err.message}` +
                  (err.params ? ` ${JSON.stringify(err.params)}` : ''));
}
process.exit(failed ? 1 : 0);
