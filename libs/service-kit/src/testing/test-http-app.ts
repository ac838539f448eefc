import { DynamicModule, INestApplication, Module, Provider, Type } from '@nestjs/common';
import request from 'supertest';
import { Role } from '../auth/actor';
import { signDevelopmentToken } from '../auth/development-token';
import { createHttpApp, HttpAppOptions } from '../app/create-http-app';
import { ServiceKitModule, ServiceKitOptions } from '../app/service-kit.module';

export const TEST_SECRET = 'a-test-secret-of-at-least-32-characters!!';

export interface TestHttpApp {
  app: INestApplication;
  http(): ReturnType<typeof request>;
  token(subject: string, role?: Role): Promise<string>;
  close(): Promise<void>;
}

export interface TestHttpAppOptions {
  controllers?: Type<unknown>[];
  providers?: Provider[];
  imports?: (Type<unknown> | DynamicModule)[];
  kit?: Partial<ServiceKitOptions>;
  http?: HttpAppOptions;
}

/** The specs' tiny service: the kit around a few dummy controllers, built as main.ts builds a real one. */
export async function createTestHttpApp(options: TestHttpAppOptions = {}): Promise<TestHttpApp> {
  @Module({
    imports: [
      ServiceKitModule.forRoot({ service: 'test', auth: { secret: TEST_SECRET }, openApi: { title: 'Test', version: '1' }, logLevel: 'silent', ...options.kit }),
      ...(options.imports ?? []),
    ],
    controllers: options.controllers ?? [],
    providers: options.providers ?? [],
  })
  class TestModule {}

  const app = await createHttpApp(TestModule, options.http);
  await app.init();
  return {
    app,
    http: () => request(app.getHttpServer()),
    token: (subject, role = 'member') => signDevelopmentToken({ secret: TEST_SECRET, subject, role }),
    close: () => app.close(),
  };
}
