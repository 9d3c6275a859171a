// SPDX-License-Identifier: GPL-3.0-or-later
// validate-gltf.mjs NODE_PREFIX FILE...: runs Khronos glTF-Validator on each file; exits 1 when any file has
// an error (and prints that file's whole report).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [prefix, ...files] = process.argv.slice(2);
if (!prefix || files.length === 0) {
  console.error('Usage: node validate-gltf.mjs NODE_PREFIX FILE...');
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(prefix), 'node_modules', 'index.js'));
const validator = require('gltf-validator');

let failed = 0;
for (const file of files) {
  const report = await validator.validateString(readFileSync(file, 'utf8'), {
    uri: path.basename(file),
    maxIssues: 0,
  });
  const issues = report.issues;
  console.log(`${file}: ${issues.numErrors} errors, ${issues.numWarnings} warnings, ${issues.numInfos} infos` +
              ` (glTF-Validator ${report.validatorVersion})`);
  if (issues.numErrors !== 0) {
    failed++;
    console.log(JSON.stringify(report, null, 2));
  }
}
if (failed) {
  console.log(`${failed} of ${files.length} files have errors`);
  process.exit(1);
}
