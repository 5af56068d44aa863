// Where the browser tests find Debian's Chromium, and whether they may skip.
// On a developer's machine without it they skip; under CI (.ci/run installs
// it and sets KERNELBOOK_REQUIRE_CHROMIUM) a missing Chromium fails them
// instead, so a broken install step cannot pass as green.
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.KERNELBOOK_CHROMIUM ?? '/usr/bin/chromium';

export const skipWithoutChromium = !existsSync(CHROMIUM) && !process.env.KERNELBOOK_REQUIRE_CHROMIUM;

/** Launch options every browser test uses. */
export const LAUNCH = { executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] };
