// tsc copies neither images nor JSON: put the icons and the codex (*.node.json, which n8n reads for
// categories and documentation links) next to the compiled files.
const path = require('path');
const { task, src, dest, parallel } = require('gulp');

function copy(globs) {
	return () => src(globs, { base: '.', encoding: false }).pipe(dest(path.resolve('dist')));
}

task('build:icons', copy(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}']));
task('build:codex', copy(['nodes/**/*.node.json']));
task('build:assets', parallel('build:icons', 'build:codex'));
