// Whether the release of a tag should move its major tag (v1), for .github/workflows/release.yml:
//
//   <tag names, one a line> | node scripts/major-tag.mjs v1.2.3
//
// prints the major tag to move (`v1`) when v1.2.3 is the highest vMAJOR.MINOR.PATCH tag of major 1 among the listed
// tags and itself, and prints nothing otherwise (a backport: releasing v1.1.5 after v1.2.0 leaves v1 on v1.2.0); the
// reason goes to stderr. Tags are compared as semver, numerically per part. Only exact vMAJOR.MINOR.PATCH tags count:
// pre-releases (v1.3.0-rc.1) are ignored, like the major tags themselves, so an rc never holds v1 back; the release
// workflow runs only on vMAJOR.MINOR.PATCH tags, so a pre-release never moves it either. Lines may be tag names or
// refs/tags/ names (as `gh api .../git/matching-refs/tags/v` lists them).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SEMVER_TAG = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** [major, minor, patch] of an exact vMAJOR.MINOR.PATCH tag (refs/tags/ allowed), else undefined. */
export function parseTag(tag) {
  const match = SEMVER_TAG.exec(tag.trim().replace(/^refs\/tags\//, ''));
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

function compare(a, b) {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** { move: 'vN' | undefined, reason } for releasing newTag, given the repository's tags. */
export function majorTagToMove(newTag, tags) {
  const version = parseTag(newTag);
  const name = newTag.trim().replace(/^refs\/tags\//, '');
  if (!version) throw new Error(`${name} is not a vMAJOR.MINOR.PATCH tag`);
  const major = `v${version[0]}`;
  let highest = version;
  let highestName = name;
  for (const tag of tags) {
    const other = parseTag(tag);
    if (other && other[0] === version[0] && compare(other, highest) > 0) {
      highest = other;
      highestName = tag.trim().replace(/^refs\/tags\//, '');
    }
  }
  if (highest === version) return { move: major, reason: `${name} is the highest ${major}.x.y release: moving ${major} to it` };
  return { move: undefined, reason: `${highestName} is newer than ${name}: leaving ${major} where it is` };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const newTag = process.argv[2];
  if (!newTag) {
    console.error('usage: <tags, one a line> | node scripts/major-tag.mjs vMAJOR.MINOR.PATCH');
    process.exit(2);
  }
  const tags = readFileSync(0, 'utf8').split('\n').filter((line) => line.trim() !== '');
  try {
    const decision = majorTagToMove(newTag, tags);
    console.error(`major-tag: ${decision.reason}`);
    if (decision.move) console.log(decision.move);
  } catch (error) {
    console.error(`::error::${error.message}`);
    process.exit(1);
  }
}
