import { z } from 'zod';

type Environment = Record<string, string | undefined>;
type JsonSchemaProperty = { examples?: unknown[]; default?: unknown; enum?: unknown[]; type?: string; minimum?: number };

/** Values that must not reach a log or a terminal when they are wrong. */
const SECRET_NAME = /SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|CREDENTIAL|API_?KEY/i;

/**
 * Reads settings from the environment with a zod schema (empty variables count as unset). On
 * failure the message names every bad variable, why, what was given, and a value that would do,
 * so a service refuses to start with an answer instead of a stack trace:
 *
 *     Invalid configuration:
 *       EVENT_STORE: expected one of embedded|postgres|eventstoredb, got "mysql"
 *       PORT: expected a number, got "eighty" (e.g. PORT=3000)
 *
 * Examples come from `.meta({ examples: [...] })`, else the default, else the type.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: Environment = process.env): z.output<S> {
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== '')) as Record<string, string>;
  const result = schema.safeParse(given);
  if (result.success) return result.data;
  const properties = propertiesOf(schema);
  const lines = result.error.issues.map((issue) => {
    const variable = issue.path.map(String).join('.') || '(environment)';
    const name = String(issue.path[0] ?? '');
    const value = name ? given[name] : undefined;
    const reason = reasonOf(issue, value);
    const got = value === undefined ? '' : `, got ${shown(name, value)}`;
    const example = issue.code === 'invalid_value' || /\be\.g\./.test(reason) ? undefined : exampleOf(properties[name]);
    return `  ${variable}: ${reason}${got}${example === undefined ? '' : ` (e.g. ${name}=${example})`}`;
  });
  throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
}

function reasonOf(issue: z.core.$ZodIssue, value: string | undefined): string {
  // A message the schema's author wrote says more than any generic one.
  if (!issue.message.startsWith('Invalid input') && !issue.message.startsWith('Invalid option')) return issue.message;
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map(String).join('|')}`;
  if (issue.code === 'invalid_type') return value === undefined ? 'is required' : `expected ${withArticle(issue.expected)}`;
  return issue.message;
}

function withArticle(type: string): string {
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

/** What was given, except secrets, and passwords inside URLs. */
function shown(name: string, value: string): string {
  if (SECRET_NAME.test(name)) return `a value of ${value.length} characters (hidden)`;
  const withoutPassword = value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
  return JSON.stringify(withoutPassword.length > 80 ? `${withoutPassword.slice(0, 77)}...` : withoutPassword);
}

function propertiesOf(schema: z.ZodType): Record<string, JsonSchemaProperty> {
  try {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, JsonSchemaProperty> };
    return json.properties ?? {};
  } catch {
    return {};
  }
}

function exampleOf(property: JsonSchemaProperty | undefined): string | undefined {
  if (!property) return undefined;
  const example = property.examples?.[0] ?? property.default ?? property.enum?.[0];
  if (example !== undefined) return String(example);
  if (property.type === 'integer' || property.type === 'number') return String(property.minimum !== undefined && Math.abs(property.minimum) < 1e9 ? property.minimum : 1);
  if (property.type === 'boolean') return 'true';
  return undefined;
}
