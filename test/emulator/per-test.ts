// A fresh emulator for each test that asks for one, closed after the test (however many it started).
import { afterEach } from 'vitest';
import { buildWorld } from './data/world.js';
import { startEmulator, type Emulator, type EmulatorOptions } from './server.js';

/**
 * Call once at the top level of a test file; returns the function that starts an emulator serving buildWorld().
 * Also tells the Google clients not to probe the metadata server (169.254.169.254): tests stay on loopback.
 */
export function emulatorPerTest(): (options?: EmulatorOptions) => Promise<Emulator> {
  process.env.METADATA_SERVER_DETECTION = 'none';
  const open: Emulator[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((emu) => emu.close()));
  });
  return async (options = {}) => {
    const emu = await startEmulator(buildWorld(), options);
    open.push(emu);
    return emu;
  };
}
