import { Inject, Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';

/** A store, bus or connection a service's creator opened for it. */
export interface Closeable {
  close(): Promise<void>;
}

const CLOSE_ON_SHUTDOWN = Symbol('CLOSE_ON_SHUTDOWN');

@Injectable()
class ResourcesShutdown implements OnApplicationShutdown {
  constructor(@Inject(CLOSE_ON_SHUTDOWN) private readonly resources: Closeable[]) {}

  async onApplicationShutdown(): Promise<void> {
    for (const resource of this.resources) await resource.close();
  }
}

/** Providers that close the given resources, in order, when the application shuts down. */
export function closeOnShutdown(resources: Closeable[]): Provider[] {
  return [{ provide: CLOSE_ON_SHUTDOWN, useValue: resources }, ResourcesShutdown];
}
