package demo.jobs;

/** What the service knows about a job: progress from its worker, liveness from the heartbeat. */
record JobStatus(String id, int progress, long lastBeat) {
    JobStatus advanced(int step) {
        return new JobStatus(id, progress + step, lastBeat);
    }

    JobStatus beat(long at) {
        return new JobStatus(id, progress, at);
    }
}
