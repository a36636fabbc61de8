// Drives Userbound's record API with jsforce, unchanged: create, retrieve, update, query (with paging), describe,
// identity, upsert by external id, delete, and the error shape. Prints one JSON object with what it saw; exits 1 on any failure.
const jsforce = require('jsforce');
(async () => {
  const [instanceUrl, accessToken] = process.argv.slice(2);
  // the three ways jsforce writes records: one by one, a collection, and an all-or-none collection
  const conn = new jsforce.Connection({ instanceUrl, accessToken, version: '59.0' });
  const out = {};
  const created = await conn.sobject('Account').create({ Name: 'jsforce Account', Industry: 'Banking' });
  out.created = created.success && /^001/.test(created.id);
  const rec = await conn.sobject('Account').retrieve(created.id);
  out.retrievedName = rec.Name;
  await conn.sobject('Account').update({ Id: created.id, Name: 'jsforce Renamed' });
  const q = await conn.query("SELECT Id, Name, Owner.Username FROM Account WHERE Id = '" + created.id + "'");
  out.queried = q.totalSize === 1 && q.records[0].Name === 'jsforce Renamed' && !!q.records[0].Owner.Username;
  // text compares ignore case, as in Salesforce; an 18-character id is read in any case
  const anyCase = await conn.query("SELECT Id FROM Account WHERE Name = 'JSFORCE RENAMED' AND Name IN ('x', "
    + "'jsforce renamed') AND Name LIKE 'JSFORCE re%' AND Name != 'JSFORCE ACCOUNT'");
  out.anyCaseQuery = anyCase.totalSize === 1 && anyCase.records[0].Id === created.id;
  out.upperCaseId = (await conn.sobject('Account').retrieve(created.id.toUpperCase())).Id === created.id;
  const many = [];
  for (let i = 0; i < 450; i++) many.push({ LastName: 'Paged ' + i });
  const results = await conn.sobject('Contact').create(many.slice(0, 200), { allOrNone: false });
  results.push(...await conn.sobject('Contact').create(many.slice(200, 400), { allOrNone: true }));
  for (const m of many.slice(400)) results.push(await conn.sobject('Contact').create(m));
  out.bulkCreated = results.filter(r => r.success).length;
  const seen = [];
  await new Promise((resolve, reject) => {
    conn.query("SELECT Id FROM Contact WHERE LastName LIKE 'Paged %'", { autoFetch: true, maxFetch: 10000, headers: { 'Sforce-Query-Options': 'batchSize=200' } })
      .on('record', r => seen.push(r.Id)).on('end', resolve).on('error', reject).run({ autoFetch: true, maxFetch: 10000 });
  });
  out.pagedDistinct = new Set(seen).size;
  const desc = await conn.sobject('Account').describe();
  out.describeHasName = desc.fields.some(f => f.name === 'Name');
  const identity = await conn.identity();
  out.identityUser = identity.username;
  try {
    await conn.query('SELECT Nope FROM Account');
    out.errorCode = 'none';
  } catch (e) {
    out.errorCode = e.errorCode || e.name;
  }
  // an instance URL with a trailing slash, as `sf org login access-token` stores it: every path starts with //
  const slashed = new jsforce.Connection({ instanceUrl: instanceUrl + '/', accessToken, version: '59.0' });
  const viaSlash = await slashed.sobject('Account').retrieve(created.id);
  const slashQuery = await slashed.query("SELECT Id FROM Account WHERE Id = '" + created.id + "'");
  out.trailingSlash = viaSlash.Id === created.id && slashQuery.totalSize === 1;
  // upsert by the external id JsExt__c (text, case-insensitive): one by one (PATCH sobjects/Account/JsExt__c/value),
  // then a collection (PATCH composite/sobjects/Account/JsExt__c), then a value two records hold (300)
  const inserted = await conn.sobject('Account').upsert({ Name: 'jsforce Upserted', JsExt__c: 'JS-1' }, 'JsExt__c');
  const updated = await conn.sobject('Account').upsert({ Name: 'jsforce Upserted again', JsExt__c: 'js-1' },
    'JsExt__c');
  out.upsertOne = { created: inserted.created, success: inserted.success, againCreated: updated.created,
    sameRecord: inserted.id === updated.id };
  const batch = await conn.sobject('Account').upsert([{ Name: 'jsforce Batch 1', JsExt__c: 'JS-1' },
    { Name: 'jsforce Batch 2', JsExt__c: 'JS-2' }], 'JsExt__c', { allOrNone: true });
  out.upsertMany = batch.map(r => ({ success: r.success, created: r.created, firstRecord: r.id === inserted.id }));
  // retrieve([ids]) is one POST composite/sobjects/Account with {ids, fields} (every field describe lists)
  const both = await conn.sobject('Account').retrieve([created.id, inserted.id]);
  out.retrieveMany = both.map(r => r && r.Name);
  const byExternalId = await conn.request('/services/data/v59.0/sobjects/Account/JsExt__c/JS-2');
  out.getByExternalId = byExternalId.Name;
  await conn.sobject('Account').create({ Name: 'jsforce Twin', JsExt__c: 'JS-2' });
  try {
    await conn.sobject('Account').upsert({ Name: 'which?', JsExt__c: 'JS-2' }, 'JsExt__c');
    out.twoMatches = 'upserted';
  } catch (e) {
    out.twoMatches = e.errorCode || e.name;
  }
  // AccountShare as Salesforce takes it: the levels on the account's opportunities, cases and contacts are required
  const me = identity.user_id;
  try {
    await conn.sobject('AccountShare').create({ AccountId: created.id, UserOrGroupId: me, AccountAccessLevel: 'Read' });
    out.shareWithoutLevels = 'created';
  } catch (e) {
    out.shareWithoutLevels = e.errorCode || e.name;
  }
  const share = await conn.sobject('AccountShare').create({ AccountId: created.id, UserOrGroupId: me,
    AccountAccessLevel: 'Edit', OpportunityAccessLevel: 'Edit', ContactAccessLevel: 'Edit', CaseAccessLevel: 'Read' });
  const levels = await conn.query("SELECT OpportunityAccessLevel, ContactAccessLevel, CaseAccessLevel FROM "
    + "AccountShare WHERE Id = '" + share.id + "'");
  out.shareLevels = levels.records.map(r => [r.OpportunityAccessLevel, r.ContactAccessLevel, r.CaseAccessLevel]);
  // POST composite through jsforce's request layer: a reference between subrequests, one reply each
  const composite = await conn.request({ method: 'POST', url: '/services/data/v59.0/composite',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify({ allOrNone: true, compositeRequest: [
      { method: 'POST', url: '/services/data/v59.0/sobjects/Account', referenceId: 'acct', body: { Name: 'jsforce Composite' } },
      { method: 'GET', url: '/services/data/v59.0/sobjects/Account/@{acct.id}?fields=Name', referenceId: 'back' }] }) });
  out.composite = composite.compositeResponse.map(r => [r.referenceId, r.httpStatusCode]);
  out.compositeName = composite.compositeResponse[1].body.Name;
  const tree = await conn.request({ method: 'POST', url: '/services/data/v59.0/composite/tree/Account',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records: [{
      attributes: { type: 'Account', referenceId: 'treeAcct' }, Name: 'jsforce Tree',
      Contacts: { records: [{ attributes: { type: 'Contact', referenceId: 'treeContact' }, LastName: 'Leaf' }] } }] }) });
  out.tree = tree.results.map(r => r.referenceId);
  await conn.sobject('Account').destroy(created.id);
  try {
    await conn.sobject('Account').retrieve(created.id);
    out.afterDelete = 'found';
  } catch (e) {
    out.afterDelete = e.errorCode || e.name;
  }
  const org = await conn.query('SELECT IsSandbox FROM Organization');
  out.organizationRows = org.totalSize;
  console.log(JSON.stringify(out));
})().catch(e => { console.error(e && (e.stack || e)); process.exit(1); });
