// Events that leave the building: the delivery worker and what it sends (the rows are db/outbox.ts).
export { eventBody, tryDelivery, type Receiver, type TryOutcome } from './deliver.ts';
export { SIGNATURE_HEADER, signatureHeader } from './signature.ts';
export {
  DELIVERY_DEFAULTS,
  deliverDueEvents,
  startOutboxDelivery,
  type DeliveryReport,
  type OutboxDeliveryOptions,
} from './worker.ts';
