import { withRoom } from './column-growth';
import { FactSubject } from './metric-fact';
import { MetricSeries } from './metric-series';

/** The series of one metric, by subject. */
export class MetricSubjects {
  private readonly person = new Map<string, MetricSeries>();
  private readonly unit = new Map<string, MetricSeries>();
  /** How many series the metric has. */
  count = 0;

  find(subject: FactSubject): MetricSeries | undefined {
    if (subject.type === 'person') return this.person.get(subject.id);
    if (subject.type === 'unit') return this.unit.get(subject.id);
    return undefined;
  }

  add(series: MetricSeries): void {
    (series.subject.type === 'person' ? this.person : this.unit).set(series.subject.id, series);
    this.count++;
  }
}

/** Every (metric, subject) series, by id and by name. */
export class SeriesCatalog {
  readonly all: MetricSeries[] = [];
  /**
   * By series id, in arrays rather than on the series objects, so that a read that finds its
   * answers cached (see ScopePlan) touches no series: how often facts arrived in the series or
   * departed from it (its live facts changed since a count read at that version), whether it is a
   * person's, and the read that counted its subject already (distinct people).
   */
  versions = new Int32Array(1024);
  persons = new Uint8Array(1024);
  stamps = new Int32Array(1024);
  private readonly byMetric = new Map<string, MetricSubjects>();
  /** The metric of the last fact interned, as facts of one metric mostly come together. */
  private lastMetric = '';
  private lastSubjects: MetricSubjects | undefined;

  subjectsOf(metric: string): MetricSubjects | undefined {
    return this.byMetric.get(metric);
  }

  /** The series of (metric, subject), created if new. */
  intern(metric: string, subject: FactSubject): MetricSeries {
    let subjects = metric === this.lastMetric ? this.lastSubjects : this.byMetric.get(metric);
    if (!subjects) {
      subjects = new MetricSubjects();
      this.byMetric.set(metric, subjects);
    }
    this.lastMetric = metric;
    this.lastSubjects = subjects;
    let series = subjects.find(subject);
    if (!series) {
      const id = this.all.length;
      series = new MetricSeries(id, metric, { type: subject.type, id: subject.id });
      this.all.push(series);
      subjects.add(series);
      if (id >= this.versions.length) {
        this.versions = withRoom(this.versions, id + 1);
        this.persons = withRoom(this.persons, id + 1);
        this.stamps = withRoom(this.stamps, id + 1);
      }
      this.persons[id] = subject.type === 'person' ? 1 : 0;
    }
    return series;
  }

  /** The live facts of series `id` changed (facts arrived or departed): answers cached for it are stale. */
  touch(id: number): void {
    this.versions[id] = (this.versions[id] + 1) & 0x3fff_ffff;
  }
}
