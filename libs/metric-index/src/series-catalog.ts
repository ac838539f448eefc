import { FactSubject } from './metric-fact';
import { MetricSeries } from './metric-series';

/** The series of one metric, by subject. */
export class MetricSubjects {
  private readonly person = new Map<string, MetricSeries>();
  private readonly unit = new Map<string, MetricSeries>();

  find(subject: FactSubject): MetricSeries | undefined {
    if (subject.type === 'person') return this.person.get(subject.id);
    if (subject.type === 'unit') return this.unit.get(subject.id);
    return undefined;
  }

  add(series: MetricSeries): void {
    (series.subject.type === 'person' ? this.person : this.unit).set(series.subject.id, series);
  }
}

/** Every (metric, subject) series, by id and by name. */
export class SeriesCatalog {
  readonly all: MetricSeries[] = [];
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
      series = new MetricSeries(this.all.length, metric, { type: subject.type, id: subject.id });
      this.all.push(series);
      subjects.add(series);
    }
    return series;
  }
}
