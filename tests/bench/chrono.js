#!/usr/bin/env node
// chrono-node on the benchmark's text, printing the JSON lines that
// `chronicle extract` prints (doc, offset, length, text, start, end,
// precision), so that make bench compares like with like.
//
//   node chrono.js --ref 2026-11-23 FILE > out.jsonl
//
// The file is parsed a line at a time (each line of the benchmark is a
// paragraph); offsets are bytes into the file, as chronicle gives them.
'use strict';
const fs = require('fs');
const path = require('path');
const chrono = require(path.join(__dirname, 'node_modules', 'chrono-node'));

function usage() {
  process.stderr.write('usage: node chrono.js --ref YYYY-MM-DD FILE\n');
  process.exit(2);
}

const args = process.argv.slice(2);
let ref = null;
let file = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--ref' && i + 1 < args.length) ref = args[++i];
  else if (!file) file = args[i];
  else usage();
}
if (!file || !ref || !/^\d{4}-\d\d-\d\d$/.test(ref)) usage();

// noon UTC on the reference day, read in UTC, so no local zone moves it
const instant = new Date(ref + 'T12:00:00Z');
const pad = (n, w) => String(n).padStart(w, '0');
const day = (c) => `${pad(c.get('year'), 4)}-${pad(c.get('month'), 2)}-${pad(c.get('day'), 2)}`;
const precision = (c) => (c.isCertain('day') ? 'day' : c.isCertain('month') ? 'month' :
  c.isCertain('year') ? 'year' : 'day');

const buf = fs.readFileSync(file);
const text = buf.toString('utf8');
const out = [];
let flushAt = 1 << 20;
let size = 0;
let lineStart = 0; // in UTF-16 units
let byteStart = 0; // in bytes
while (lineStart <= text.length) {
  let lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd < 0) lineEnd = text.length;
  const line = text.slice(lineStart, lineEnd);
  if (line.trim()) {
    const results = chrono.parse(line, { instant, timezone: 0 });
    // byte offsets: walk the line once, results come in index order
    let unit = 0;
    let bytes = 0;
    for (const r of results) {
      bytes += Buffer.byteLength(line.slice(unit, r.index));
      unit = r.index;
      const o = {
        doc: file,
        offset: byteStart + bytes,
        length: Buffer.byteLength(r.text),
        text: r.text,
        start: day(r.start),
        end: day(r.end || r.start),
        precision: precision(r.start),
      };
      const s = JSON.stringify(o) + '\n';
      out.push(s);
      size += s.length;
      if (size >= flushAt) {
        fs.writeSync(1, out.join(''));
        out.length = 0;
        size = 0;
      }
    }
  }
  byteStart += Buffer.byteLength(line) + 1;
  lineStart = lineEnd + 1;
}
fs.writeSync(1, out.join(''));
