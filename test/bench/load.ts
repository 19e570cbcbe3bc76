export async function benchLoad(_e: string) { return []; }
