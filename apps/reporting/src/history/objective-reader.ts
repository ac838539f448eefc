import { CheckIn, Confidence, KeyResult, objectiveProgress, ObjectiveState } from '@okr/goals-domain';
import { FoldedAt } from './aggregate-history';
import { Instant } from './instant';
import { ValueSeries } from './value-series';

/** What roll-ups and the at-risk list read of an objective at an instant. */
export interface ObjectiveReading {
  /** The structural fold (its key results' latestCheckIn is the fold's, not the holding one). */
  state: ObjectiveState;
  progress: number;
  /** Each key result's holding confidence, in the state's order; valid until the next reading. */
  keyResults: { id: string; confidence: Confidence | null }[];
  /** The key results bound to a metric at some instant (the only ones a viewer may have withheld), in the state's order. */
  boundKeyResults: readonly KeyResult[];
}

/** A check-in taken from a series, overwritten at every reading (progress reads only its value; the rest is looked up when asked). */
class HeldCheckIn implements CheckIn {
  value = 0;
  confidence: Confidence = 'on-track';
  index = -1;

  constructor(readonly series: ValueSeries) {}

  get effectiveAt(): string {
    return this.series.effectiveAtTextOf(this.index);
  }

  get recordedAt(): string {
    return new Date(this.series.fact(this.index).recordedAt).toISOString();
  }
}

interface KeyResultView {
  id: string;
  /** The fold's own check-in (values that arrive through other events than check-ins) and its valid time. */
  foldedCheckIn: CheckIn | null;
  foldedEffectiveAt: number;
  /** A re-added key result starts afresh after this stream version. */
  afterVersion: number;
  /** The folded key result with the holding check-in put in before each reading. */
  probe: KeyResult;
  /** Absent until the key result has a series (its first check-in may arrive after the view was made). */
  held: HeldCheckIn | undefined;
  reading: { id: string; confidence: Confidence | null };
}

interface ObjectiveView {
  probeState: ObjectiveState;
  keyResults: KeyResultView[];
  readings: { id: string; confidence: Confidence | null }[];
  bound: KeyResult[];
}

/**
 * Reads an objective's progress at any instant with the domain's own objectiveProgress, without
 * building a state per query: each (cached) structural fold gets one reusable view whose key results
 * are given their holding check-in, found by binary search in their series, before every reading.
 * The holding check-in is chosen exactly as GoalHistories.objectiveAt chooses it.
 */
export class ObjectiveReader {
  private readonly views = new WeakMap<FoldedAt<ObjectiveState>, ObjectiveView>();

  read(folded: FoldedAt<ObjectiveState>, seriesOf: (keyResultId: string) => ValueSeries | undefined, at: Instant, valueOf: (keyResult: KeyResult) => number | null): ObjectiveReading {
    const view = this.viewOf(folded, seriesOf);
    for (const keyResult of view.keyResults) {
      if (!keyResult.held) {
        const series = seriesOf(keyResult.id);
        if (series) keyResult.held = new HeldCheckIn(series);
      }
      const { held, probe, reading } = keyResult;
      const index = held ? held.series.holdingAt(at.asOf, at.knownAt, keyResult.afterVersion) : -1;
      // The domain's holdingCheckIn: the later in valid time wins, the arriving one on a tie.
      if (index >= 0 && (keyResult.foldedCheckIn === null || held!.series.effectiveAtOf(index) >= keyResult.foldedEffectiveAt)) {
        held!.index = index;
        held!.value = held!.series.valueOf(index);
        held!.confidence = held!.series.confidenceOf(index);
        probe.latestCheckIn = held!;
      } else {
        probe.latestCheckIn = keyResult.foldedCheckIn;
      }
      reading.confidence = probe.latestCheckIn?.confidence ?? null;
    }
    return { state: folded.state, progress: objectiveProgress(view.probeState, valueOf).objective, keyResults: view.readings, boundKeyResults: view.bound };
  }

  private viewOf(folded: FoldedAt<ObjectiveState>, seriesOf: (keyResultId: string) => ValueSeries | undefined): ObjectiveView {
    const cached = this.views.get(folded);
    if (cached) return cached;
    const keyResults: KeyResultView[] = [];
    const probes: ObjectiveState['keyResults'] = {};
    for (const id in folded.state.keyResults) {
      const keyResult = folded.state.keyResults[id];
      const probe = { ...keyResult };
      probes[id] = probe;
      const series = seriesOf(id);
      keyResults.push({
        id,
        foldedCheckIn: keyResult.latestCheckIn,
        foldedEffectiveAt: keyResult.latestCheckIn ? Date.parse(keyResult.latestCheckIn.effectiveAt) : -Infinity,
        afterVersion: folded.addedVersions.get(id) ?? 0,
        probe,
        held: series ? new HeldCheckIn(series) : undefined,
        reading: { id, confidence: null },
      });
    }
    const bound = Object.values(folded.state.keyResults).filter((keyResult) => keyResult.bindings.length > 0);
    const view = { probeState: { ...folded.state, keyResults: probes }, keyResults, readings: keyResults.map((k) => k.reading), bound };
    this.views.set(folded, view);
    return view;
  }
}
