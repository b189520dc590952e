// The MQTT topic a NATS subject came from, as nats-server 2.9's MQTT listener converts a topic on
// PUBLISH (server/mqtt.go, mqttToNATSSubjectConversion): each '/' becomes '.', an empty level
// becomes the token '/' (a leading '/' gives "/.", a trailing one "./", "a//b" gives "a./.b").
// A topic holding '.' or ' ' never becomes a subject: 2.9 refuses the PUBLISH and closes the
// client's connection (errMQTTUnsupportedCharacters). Later servers write a '.' inside a level
// as "//", read back here too, so a rejection names the level the sensor sent.

/** The MQTT topic level a subject token holds. */
export function mqttLevelOfToken(token: string): string {
  return token === '/' ? '' : token.replaceAll('//', '.');
}

/** The MQTT topic a message published over MQTT was on (crampwatch.v1./.frames → crampwatch/v1//frames). */
export function mqttTopicOfSubject(subject: string): string {
  return subject.split('.').map(mqttLevelOfToken).join('/');
}
