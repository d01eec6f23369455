/**
 * Bounds on the shape of one GraphQL request, checked before anything runs: tokens while
 * parsing (graphql-js), then depth, aliases and directives as validation rules (GraphQL
 * Armor), then cost (cost.ts). Every rejection is BAD_USER_INPUT with HTTP 400 and says which limit.
 * Introspection is bounded by graphql-js's own MaxIntrospectionDepthRule (a specified rule).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ParseOptions, ValidationRule } from 'graphql';
import type { Config } from '../config';
import { costLimitPlugin } from './cost';

type ArmorConfig = NonNullable<ConstructorParameters<typeof ApolloArmor>[0]>;

export function armorConfig(limits: Config['limits']): ArmorConfig {
  return {
    maxDepth: {
      n: limits.maxDepth,
      // A fragment or inline fragment is no extra level: depth is what the response nests.
      flattenFragments: true,
      // Only a field named __schema is skipped (armor ≥ 2.4.2 of max-depth; the name of an
      // operation or fragment does not count); the introspection depth rule bounds it.
      ignoreIntrospection: true,
    },
    // Every alias counts, __typename too (armor's default allow-list skips it: 330 `aN: __typename` would pass).
    maxAliases: { n: limits.maxAliases, allowList: [] },
    maxDirectives: { n: limits.maxDirectives },
    // Tokens are counted by graphql-js's parser instead (parseOptions.maxTokens): armor's
    // token plugin throws from a parsing hook, which Apollo Server 5 answers with HTTP 500.
    maxTokens: { enabled: false },
    // Costs are per field and scale with first/limit (cost.ts), which armor's cost rule cannot express.
    costLimit: { enabled: false },
    // Suggestions are removed in one place for every message, by the error formatter (production).
    blockFieldSuggestion: { enabled: false },
  };
}

/** What Apollo Server takes: parse options, validation rules and plugins. */
export function requestLimits<TContext extends object>(
  limits: Config['limits'],
): {
  parseOptions: ParseOptions;
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin<TContext>[];
} {
  const armor = new ApolloArmor(armorConfig(limits)).protect();
  return {
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: armor.validationRules,
    plugins: [
      ...(armor.plugins as ApolloServerPlugin<TContext>[]),
      costLimitPlugin<TContext>(limits.maxCost),
    ],
  };
}
