import { Injectable } from '@nestjs/common';
import { CycleStatus, DomainCommand } from '@okr/goals-domain';
import { AggregateRepository, ChangeOrigin, LoadedAggregate } from './aggregate-repository';
import { GoalLookups } from './goal-lookups';
import { deciders, goalStreams } from './goal-streams';

type Build<C, S> = (context: DomainCommand['context'], current: LoadedAggregate<S>) => C | Promise<C>;
type CommandOf<K extends keyof typeof deciders> = Parameters<(typeof deciders)[K]['decide']>[0];
type StateOf<K extends keyof typeof deciders> = ReturnType<(typeof deciders)[K]['initialState']>;

/** Runs a command against the aggregate it addresses: the one place that knows streams and deciders. */
@Injectable()
export class GoalCommands {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly lookups: GoalLookups,
  ) {}

  organization(origin: ChangeOrigin, build: Build<CommandOf<'organization'>, StateOf<'organization'>>) {
    return this.repository.execute(deciders.organization, goalStreams.organization(), origin, build);
  }

  cycle(id: string, origin: ChangeOrigin, build: Build<CommandOf<'cycle'>, StateOf<'cycle'>>) {
    return this.repository.execute(deciders.cycle, goalStreams.cycle(id), origin, build);
  }

  objective(id: string, origin: ChangeOrigin, build: Build<CommandOf<'objective'>, StateOf<'objective'>>) {
    return this.repository.execute(deciders.objective, goalStreams.objective(id), origin, build);
  }

  /** A command on an existing objective, with the status of the cycle it belongs to. */
  objectiveInItsCycle(
    id: string,
    origin: ChangeOrigin,
    build: (context: DomainCommand['context'], cycleStatus: CycleStatus, current: LoadedAggregate<StateOf<'objective'>>) => CommandOf<'objective'> | Promise<CommandOf<'objective'>>,
  ) {
    return this.objective(id, origin, async (context, current) => build(context, await this.lookups.cycleStatusOf(current.state, 'objective'), current));
  }

  kpi(id: string, origin: ChangeOrigin, build: Build<CommandOf<'kpi'>, StateOf<'kpi'>>) {
    return this.repository.execute(deciders.kpi, goalStreams.kpi(id), origin, build);
  }

  target(id: string, origin: ChangeOrigin, build: Build<CommandOf<'target'>, StateOf<'target'>>) {
    return this.repository.execute(deciders.target, goalStreams.target(id), origin, build);
  }
}
