import { Injectable } from '@nestjs/common';
import { assertMayDirectGoalsOf, CycleStatus, DomainCommand, GoalOwner, goalOwnerOf } from '@okr/goals-domain';
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

  /** Any command on an objective, by someone with authority in the unit that owns it (or is to own it). */
  objective(id: string, origin: ChangeOrigin, build: Build<CommandOf<'objective'>, StateOf<'objective'>>) {
    return this.repository.execute(deciders.objective, goalStreams.objective(id), origin, async (context, current) => {
      const command = await build(context, current);
      const owner = command.type === 'DefineObjective' ? command.data.owner : current.state.owner;
      await this.assertMayDirect(origin, owner && goalOwnerOf(owner));
      return command;
    });
  }

  /** A command on an existing objective, with the status of the cycle it belongs to. */
  objectiveInItsCycle(
    id: string,
    origin: ChangeOrigin,
    build: (context: DomainCommand['context'], cycleStatus: CycleStatus, current: LoadedAggregate<StateOf<'objective'>>) => CommandOf<'objective'> | Promise<CommandOf<'objective'>>,
  ) {
    return this.objective(id, origin, async (context, current) => build(context, await this.lookups.cycleStatusOf(current.state, 'objective'), current));
  }

  /** Any command on a KPI (defining and changing one is for admins; checking in, for its unit too). */
  kpi(id: string, origin: ChangeOrigin, build: Build<CommandOf<'kpi'>, StateOf<'kpi'>>) {
    return this.repository.execute(deciders.kpi, goalStreams.kpi(id), origin, async (context, current) => {
      const command = await build(context, current);
      const unitId = command.type === 'DefineKpi' ? command.data.unitId : current.state.unitId;
      await this.assertMayDirect(origin, unitId ? { unitId } : undefined);
      return command;
    });
  }

  /** Judged on today's organisation: authority is who someone is now, whatever instant the change is for. */
  private async assertMayDirect(origin: ChangeOrigin, owner: GoalOwner | undefined): Promise<void> {
    if (!owner || origin.actorIsAdmin) return; // a goal that does not exist is the decider's to refuse
    assertMayDirectGoalsOf(await this.lookups.organization(), { personId: origin.actor, isAdmin: false }, owner);
  }

  target(id: string, origin: ChangeOrigin, build: Build<CommandOf<'target'>, StateOf<'target'>>) {
    return this.repository.execute(deciders.target, goalStreams.target(id), origin, build);
  }
}
