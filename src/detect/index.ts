// The detector's port (src/core/device-core.ts): one CrampDeviceCore per device.
import type { DeviceCoreFactory } from '../core/device-core.ts';
import { CrampDeviceCore } from './device-core.ts';

export const createDeviceCore: DeviceCoreFactory = (device, sink) => new CrampDeviceCore(device, sink);
