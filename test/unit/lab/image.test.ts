import { describe, expect, it } from 'vitest';
import { debianMirror, imageRecipe, imageTag, recipeHash, siegeConf } from '../../../src/lab/image.js';

describe('image recipe', () => {
  it('is tagged by a stable hash of the recipe', () => {
    expect(recipeHash(imageRecipe('bookworm'))).toBe(recipeHash(imageRecipe('bookworm')));
    expect(imageTag(imageRecipe('bookworm'))).toMatch(/^netbench\/bench:[0-9a-f]{12}$/);
  });
  it('changes its tag when the recipe changes', () => {
    const r = imageRecipe('bookworm');
    expect(recipeHash({ ...r, packages: [...r.packages, 'curl'] })).not.toBe(recipeHash(r));
    expect(recipeHash(imageRecipe('trixie'))).not.toBe(recipeHash(r));
  });
  it('has every tool the experiments need', () => {
    expect(imageRecipe('bookworm').packages).toEqual(
      expect.arrayContaining(['iperf3', 'iputils-ping', 'sockperf', 'stress-ng', 'siege', 'busybox']),
    );
  });
  it("raises siege's user limit so -c 512 runs 512 users", () => {
    expect(siegeConf('# c\nlimit = 255\njson_output = true\n')).toBe('# c\nlimit = 1024\njson_output = true\n');
  });
});

describe('Debian mirror from apt sources', () => {
  const deb822 = [
    'Types: deb',
    'URIs: http://mirror.example/debian',
    'Suites: bookworm bookworm-updates',
    'Components: main',
    '',
    'Types: deb',
    'URIs: http://mirror.example/debian-security',
    'Suites: bookworm-security',
  ].join('\n');
  it('reads deb822 .sources', () => {
    expect(debianMirror(deb822, 'bookworm')).toBe('http://mirror.example/debian');
    expect(debianMirror(deb822, 'trixie')).toBeUndefined();
  });
  it('reads one-line .list entries, with options', () => {
    expect(debianMirror('# x\ndeb [arch=amd64] http://m.example/debian bookworm main\n', 'bookworm')).toBe('http://m.example/debian');
    expect(debianMirror('deb-src http://m.example/debian bookworm main', 'bookworm')).toBeUndefined();
  });
});
