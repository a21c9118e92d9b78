/** The runtime's version, reported by /api/v1/health and MQTT birth messages. */
export const VERSION = '0.1.0';
