import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { BaseRpcContext } from '@nestjs/microservices/ctx-host/base-rpc.context';
import { lastValueFrom } from 'rxjs';
import { z } from 'zod';
import { BusConsumer, IncomingMessage, MessageBus } from '../message-bus.port';

/** What an @EventPattern handler gets as its context: the topic, key and delivery attempt. */
export class BusContext extends BaseRpcContext<[IncomingMessage]> {
  get message(): IncomingMessage {
    return this.args[0];
  }
}

/** What a batch handler (`@EventPattern(topic, { batch: { maxSize } })`) gets as its context: the messages of the batch. */
export class BusBatchContext extends BaseRpcContext<[IncomingMessage[]]> {
  get messages(): IncomingMessage[] {
    return this.args[0];
  }
}

/** The extras of `@EventPattern(topic, extras)` the transport reads. */
export interface BusPatternExtras {
  /** The handler takes an array of payloads, at most `maxSize` at once, acknowledged together. */
  batch?: { maxSize: number };
}

export interface BusTransportOptions {
  /** The consumer group: one per service, so scaled-out instances share the work. */
  group: string;
  /** The versioned contract of every topic a handler listens to; a topic without one is refused at start. */
  contracts: Record<string, z.ZodType>;
  maxAttempts?: number;
  /** Where a new group starts (see ConsumeSettings.startAt). */
  startAt?: 'earliest' | 'latest';
  /** Only these topics' handlers, when the service consumes others in another group (on another transport). */
  topics?: string[];
}

/**
 * Runs a service's @EventPattern handlers on the message-bus port, so the same handlers consume
 * from the in-process bus of the all-in-one process and from Kafka in production.
 */
export class BusTransport extends Server implements CustomTransportStrategy {
  private readonly consumers: BusConsumer[] = [];

  constructor(
    private readonly bus: MessageBus,
    private readonly options: BusTransportOptions,
  ) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      for (const [topic, handler] of this.getHandlers()) {
        if (this.options.topics && !this.options.topics.includes(topic)) continue;
        if (!handler.isEventHandler) throw new Error(`${topic}: only @EventPattern handlers run on the bus (no request-response)`);
        const schema = this.options.contracts[topic];
        if (!schema) throw new Error(`no message contract for topic ${topic}: add it to the transport's contracts`);
        const run = async (payload: unknown, context: BaseRpcContext) => {
          const result = await handler(payload, context);
          await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
        };
        const settings = { topic, group: this.options.group, schema, maxAttempts: this.options.maxAttempts, startAt: this.options.startAt };
        const batch = (handler.extras as BusPatternExtras | undefined)?.batch;
        this.consumers.push(
          await this.bus.consume(
            batch
              ? { ...settings, maxBatchSize: batch.maxSize, handleBatch: (messages) => run(messages.map((m) => m.value), new BusBatchContext([messages])) }
              : { ...settings, handle: (message) => run(message.value, new BusContext([message])) },
          ),
        );
      }
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.consumers.splice(0).map((consumer) => consumer.stop()));
  }

  on(): never {
    throw new Error('the bus transport emits no events');
  }

  unwrap<T>(): T {
    return this.bus as T;
  }
}
