export { mqttSource } from './source.js';
export { mqttConfig, isTopicFilter, type MqttConfig } from './config.js';
