// A browser test waits on what a person would see (a 40 s idle cart, a reload, an advisor's reply) on a shared machine.
jest.setTimeout(300_000);
