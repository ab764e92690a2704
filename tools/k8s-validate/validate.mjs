// Validates Kubernetes manifests (JSON files, one object each, as `seco k8s --out DIR` writes them) against the
// upstream Kubernetes OpenAPI schemas packaged by the npm package kubernetes-models. Independent of the C# code that
// writes them: it only shares the files. Usage: node validate.mjs FILE...  Exit 0 when every object is valid.
import { readFileSync } from "node:fs";
let failures = 0;
for (const file of process.argv.slice(2)) {
  const object = JSON.parse(readFileSync(file, "utf8"));
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
  const modulePath = group === "" ? `kubernetes-models/${version}/${object.kind}` : `kubernetes-models/${group}/${version}/${object.kind}`;
  let Model;
  try {
    const loaded = await import(modulePath);
    Model = loaded[object.kind] ?? loaded.default;
  } catch (error) {
    console.error(`${file}: no model for ${object.apiVersion} ${object.kind} (${error.message})`);
    failures++;
    continue;
  }
  try {
    new Model(object).validate();
    console.log(`${file}: valid ${object.apiVersion} ${object.kind} ${object.metadata?.name ?? ""}`);
  } catch (error) {
    console.error(`${file}: INVALID ${object.apiVersion} ${object.kind}: ${error.message}`);
    failures++;
  }
}
process.exit(failures === 0 && process.argv.length > 2 ? 0 : 1);
