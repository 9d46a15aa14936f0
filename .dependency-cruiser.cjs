/**
 * The layers of src/ and which way they may import (docs/ARCHITECTURE.md, Layers). `npm run
 * check:layers` (part of `npm test`) fails on any import against them and on any cycle, type-only
 * imports included. Layers are whole top-level folders, so a file moved within one keeps its rules.
 */

/** Files directly in src/ that every layer may use: configuration, logging, deadlines, locks. */
const PLATFORM = '^src/(?!(main|gateway|demo)[.]ts$)[^/]+[.]ts$';
/** The platform but config.ts, which alone also reads the vendor list (below). */
const PLATFORM_BUT_CONFIG = '^src/(?!(main|gateway|demo|config)[.]ts$)[^/]+[.]ts$';
/**
 * The vendor list and its contract: config.ts reads each vendor's settings through them, so a
 * vendor's settings live in its folder (docs/ARCHITECTURE.md, Adding a vendor). No vendor file
 * imports config.ts, or this would be a cycle, which `no-cycles` refuses.
 */
const VENDOR_LIST = '^src/providers/(vendors|vendor-module)[.]ts$';
/**
 * Tracing (src/telemetry/): its spans' entry points (spans.ts) are called from the store, the
 * vendors' HTTP, the live path and the server, so it sits beside the platform and imports only it.
 */
const TELEMETRY = '^src/telemetry/';
/** OpenTelemetry's SDK, loaded on demand by the gateway alone: nothing imports it statically. */
const TELEMETRY_SDK = '^src/telemetry/sdk/';
/** The composition roots: they build the gateway (and the demo's simulators) from every layer. */
const ROOTS = '^src/(main|gateway|demo)[.]ts$';

/** A rule: files matching `from` may import, of ours, only what `allowed` matches. */
function onlyImports(name, comment, from, allowed) {
  return {
    name,
    comment,
    severity: 'error',
    from: { path: from },
    to: { path: '^src/', pathNot: allowed },
  };
}

module.exports = {
  forbidden: [
    onlyImports(
      'domain-imports-nothing-of-ours',
      'The domain (src/imports: model, vendor port, store port, merged connection) is the bottom layer.',
      '^src/imports/',
      '^src/imports/',
    ),
    onlyImports(
      'platform-imports-only-domain',
      'Configuration, logging and deadlines sit under every layer but the domain.',
      PLATFORM_BUT_CONFIG,
      ['^src/imports/', PLATFORM],
    ),
    onlyImports(
      'config-reads-vendors-through-their-list',
      'The configuration reads each vendor settings through VENDORS and no other file of the vendors.',
      '^src/config[.]ts$',
      ['^src/imports/', PLATFORM, VENDOR_LIST],
    ),
    onlyImports(
      'store-imports-only-domain',
      'The store implements the domain store port; it knows no vendor, no live layer, no API.',
      '^src/store/',
      ['^src/(imports|store|telemetry)/', PLATFORM],
    ),
    onlyImports(
      'providers-import-only-domain',
      'Vendor adaptors implement the domain vendor port; the store reaches them through the port.',
      '^src/providers/',
      ['^src/(imports|providers|telemetry)/', PLATFORM],
    ),
    onlyImports(
      'http-client-knows-no-vendor',
      'The shared upstream client and its resilience layer serve every adaptor and know none of them.',
      '^src/providers/http/',
      ['^src/(imports|providers/http|telemetry)/', PLATFORM],
    ),
    onlyImports(
      'live-imports-below-the-api',
      'Watchers and pub/sub use the domain, the store and the providers, never the API layers.',
      '^src/live/',
      ['^src/(imports|store|providers|live|telemetry)/', PLATFORM],
    ),
    onlyImports(
      'graphql-imports-below-the-server',
      'Resolvers use every layer below them; the server (transports, auth, limits) sits on top.',
      '^src/graphql/',
      ['^src/(imports|store|providers|live|graphql|telemetry)/', PLATFORM],
    ),
    onlyImports(
      'server-imports-no-simulators',
      'The server may use every gateway layer, but never a simulator or a composition root.',
      '^src/server/',
      ['^src/(imports|store|providers|live|graphql|server|telemetry)/', PLATFORM],
    ),
    onlyImports(
      'telemetry-imports-only-platform',
      'Tracing serves every layer from beside the platform: it knows no store, vendor, live layer or API.',
      TELEMETRY,
      ['^src/(imports|telemetry)/', PLATFORM],
    ),
    {
      name: 'tracing-sdk-loaded-on-demand',
      comment:
        'With tracing off no OpenTelemetry module may load: only a dynamic import reaches src/telemetry/sdk/ from outside it.',
      severity: 'error',
      from: { pathNot: TELEMETRY_SDK },
      to: { path: TELEMETRY_SDK, dynamic: false },
    },
    {
      name: 'opentelemetry-only-in-the-sdk',
      comment:
        'With tracing off no OpenTelemetry module may load: only src/telemetry/sdk/ (itself loaded on demand) imports @opentelemetry/*, types included (src/telemetry/tracing.ts is written without them).',
      severity: 'error',
      from: { path: '^src/', pathNot: TELEMETRY_SDK },
      // Unanchored: node_modules may resolve through a link to another checkout's.
      to: { path: 'node_modules/@opentelemetry/' },
    },
    onlyImports(
      'simulators-import-only-simulators',
      'The simulators stand in for the vendors: they share nothing with the gateway they are tested against.',
      '^src/simulators/',
      '^src/simulators/',
    ),
    {
      name: 'no-cycles',
      comment: 'No import cycle anywhere, type-only imports included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'roots-are-on-top',
      comment: 'Only a composition root imports another one (main.ts starts the gateway or the demo).',
      severity: 'error',
      from: { pathNot: ROOTS },
      to: { path: ROOTS },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a cycle or an upward import through types is still one.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
