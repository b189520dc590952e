// The detector's port (src/core/device-core.ts): one DeviceDetector per device.
import type { DeviceCoreFactory } from '../core/device-core.ts';
import { DeviceDetector } from './device-detector.ts';

export const createDeviceCore: DeviceCoreFactory = (device, sink) => new DeviceDetector(device, sink);
