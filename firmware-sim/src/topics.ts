// MQTT topics of PROTOCOL §2.
export const framesTopic = (id: string): string => `crampwatch/v1/${id}/frames`;
export const statusTopic = (id: string): string => `crampwatch/v1/${id}/status`;
export const profileTopic = (id: string): string => `crampwatch/v1/${id}/profile`;
export const contextTopic = (id: string): string => `crampwatch/v1/${id}/context`;

/** Firmware version the simulated node reports. */
export const FIRMWARE_VERSION = '1.4.2-sim';
export const diaryTopic = (id: string): string => `crampwatch/v1/${id}/diary`;
