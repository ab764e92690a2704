# The anchors' method on the PyTorch side, like bench/Bench.Measurement/AnchorRunner.cs: warm-up runs, then timed
# runs, each with the resident high-water mark reset before it (/proc/self/clear_refs <- 5, VmHWM after); prints one
# line per run and, when SECO_ANCHOR_JSON names a file, writes the result there in AnchorRunner's JSON shape
# (bench/run-anchors reads it). Imported by the reference scripts of this folder.
import json, os, statistics, time


def _status_kb(key):
    for line in open('/proc/self/status'):
        if line.startswith(key):
            return int(line.split()[1])
    return -1


def _load():
    return float(open('/proc/loadavg').read().split()[0])


def profile(item, work, path, threads):
    """One warm-up, then one run of work() under torch.profiler; writes the per-op table (self CPU time) to path.
    SECO_PROFILE=path selects this instead of the timed runs, SECO_PROFILE_THREADS the torch thread count."""
    import torch
    if threads:
        torch.set_num_threads(int(threads))
    work()
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as prof:
        c = time.process_time()
        work()
        cpu = time.process_time() - c
    table = prof.key_averages().table(sort_by='self_cpu_time_total', row_limit=40)
    with open(path, 'w') as f:
        f.write(f'{item}, {torch.get_num_threads()} thread(s), {cpu:.2f} s process CPU, load {_load():.2f}\n{table}\n')
    print(table, flush=True)


def measure(item, work, warmups=1, runs=3, split=None):
    """Runs work() warmups times untimed, then runs times timed; returns the result dict. split (optional) returns
    {step: seconds} of the run just done; the result's 'split' text holds each step's median."""
    if os.environ.get('SECO_PROFILE'):
        return profile(item, work, os.environ['SECO_PROFILE'], os.environ.get('SECO_PROFILE_THREADS'))
    for i in range(warmups):
        work()
        print(f"{item}: warm-up {i + 1} done", flush=True)
    process_peak = _status_kb('VmHWM') * 1024
    load = _load()
    wall, cpu, peak, splits = [], [], -1, []
    for i in range(runs):
        open('/proc/self/clear_refs', 'w').write('5')
        t, c = time.perf_counter(), time.process_time()
        work()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        peak = max(peak, _status_kb('VmHWM') * 1024)
        if split:
            splits.append(split())
        print(f"{item}: run {i + 1}: {wall[-1]:.2f} s, {cpu[-1]:.1f} s CPU, peak RSS {peak / 1e9:.2f} GB, load {_load():.2f}", flush=True)
    result = {
        'item': item,
        'wallSeconds': wall,
        'cpuSeconds': cpu,
        'medianSeconds': statistics.median(wall),
        'peakBytes': peak,
        'processPeakBytes': max(process_peak, peak),
        'loadBefore': load,
        'warmups': warmups,
    }
    if splits:
        result['split'] = ', '.join(f"{k} {statistics.median(s[k] for s in splits):.2f}" for k in splits[0])
        print(f"{item}: median split: {result['split']}", flush=True)
    path = os.environ.get('SECO_ANCHOR_JSON')
    if path:
        with open(path + '.tmp', 'w') as f:
            json.dump(result, f)
        os.replace(path + '.tmp', path)
    return result
