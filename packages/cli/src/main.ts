// The `paperclip` command line. Subcommands are registered by the packages that provide them.
console.error('paperclip: no commands are available yet.');
process.exitCode = 1;
